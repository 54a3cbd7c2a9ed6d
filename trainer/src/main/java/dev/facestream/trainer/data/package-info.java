/**
 * Labelled-face readers (the 68-point folder format and Kaggle's {@code training.csv}, including
 * the folders {@code facestream review} writes), several weighted sources together
 * ({@link dev.facestream.trainer.data.TrainingData}), the person-disjoint split, and the face
 * boxes that training crops are cut from.
 */
package dev.facestream.trainer.data;
