/**
 * What every part of facestream shares, in plain Java (no DJL, no OpenCV or FFmpeg natives), each
 * thing in exactly one place: the keypoint schema ({@link dev.facestream.core.keypoints}), the crop
 * rule ({@link dev.facestream.core.crop}), every format that leaves a process ({@link
 * dev.facestream.core.wire}) and the metric names ({@link dev.facestream.core.metrics}). The network
 * lives in the {@code model} module ({@code dev.facestream.model}), the face detector in the
 * {@code face} module ({@code dev.facestream.face}).
 */
package dev.facestream.core;
