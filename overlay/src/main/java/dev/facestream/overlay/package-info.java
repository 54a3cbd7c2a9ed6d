/**
 * Drawing keypoints on frames: on a BGR image ({@link dev.facestream.overlay.KeypointsOverlay}),
 * on the part of an I420 frame around the faces ({@link dev.facestream.overlay.I420Overlay}), and
 * JPEG encoding for the live page ({@link dev.facestream.overlay.JpegEncoder}). OpenCV only; no
 * Kafka, no model.
 */
package dev.facestream.overlay;
