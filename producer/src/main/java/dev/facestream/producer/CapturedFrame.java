package dev.facestream.producer;

import dev.facestream.core.crop.GrayImage;

/**
 * One frame as read from a source.
 *
 * @param number           0-based index of the frame in its source (before sampling)
 * @param mediaTimeMicros  position in the media (file time; 0-based), used for pacing and sampling
 * @param capturedAtMicros wall-clock time the frame was read, microseconds since the epoch
 * @param image            the frame in 8-bit gray (the face detector and the crop rule need nothing more)
 * @param colour           the same frame in colour for whoever shows it ({@code live}), or null: only
 *                         a source opened for a colour view keeps it ({@link FrameSources#open(String, boolean)})
 */
public record CapturedFrame(long number, long mediaTimeMicros, long capturedAtMicros, GrayImage image,
        ColourFrame colour) {

    /** A gray frame without a colour view. */
    public CapturedFrame(long number, long mediaTimeMicros, long capturedAtMicros, GrayImage image) {
        this(number, mediaTimeMicros, capturedAtMicros, image, null);
    }

    /** This frame captured at another time (a paced file: the time it is due, not when it was decoded). */
    public CapturedFrame capturedAt(long micros) {
        return new CapturedFrame(number, mediaTimeMicros, micros, image, colour);
    }
}
