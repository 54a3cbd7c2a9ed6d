/**
 * The 15 Kaggle facial keypoints: names, order, left/right flip pairs, the 68 -> 15 projection,
 * and {@link dev.facestream.core.keypoints.CropKeypoints}, the model's answer for one face (its
 * points in crop pixels, named, mapped onto the frame in one place).
 */
package dev.facestream.core.keypoints;
