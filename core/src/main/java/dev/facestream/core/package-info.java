/**
 * What every part of facestream shares, each thing in exactly one place: the keypoint schema
 * ({@link dev.facestream.core.keypoints}), the crop rule ({@link dev.facestream.core.crop}), the
 * face detector ({@link dev.facestream.core.face}), the network and model directory format
 * ({@link dev.facestream.core.model}) and the Kafka wire formats ({@link dev.facestream.core.wire}).
 */
package dev.facestream.core;
