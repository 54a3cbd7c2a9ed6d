package dev.facestream.producer;

import dev.facestream.core.crop.GrayImage;

/**
 * One frame as read from a source.
 *
 * @param number           0-based index of the frame in its source (before sampling)
 * @param mediaTimeMicros  position in the media (file time; 0-based), used for pacing and sampling
 * @param capturedAtMicros wall-clock time the frame was read, microseconds since the epoch
 * @param image            the frame in 8-bit gray (the face detector and the crop rule need nothing more)
 */
public record CapturedFrame(long number, long mediaTimeMicros, long capturedAtMicros, GrayImage image) {
}
