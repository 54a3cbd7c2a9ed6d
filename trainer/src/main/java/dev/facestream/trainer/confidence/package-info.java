/**
 * The confidence step: fits a per-keypoint error head on a trained network's frozen features and
 * calibrates it into a per-face probability of being right (docs/confidence.md).
 */
package dev.facestream.trainer.confidence;
