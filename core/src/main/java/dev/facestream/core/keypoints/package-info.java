/** The 15 Kaggle facial keypoints: names, order, left/right flip pairs, and the 68 -> 15 projection. */
package dev.facestream.core.keypoints;
