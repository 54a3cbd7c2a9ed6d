/**
 * Labelled-face readers (the 68-point folder format and Kaggle's {@code training.csv}), the
 * person-disjoint split, and the face boxes that training crops are cut from.
 */
package dev.facestream.trainer.data;
