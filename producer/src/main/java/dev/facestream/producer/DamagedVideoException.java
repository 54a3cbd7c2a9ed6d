package dev.facestream.producer;

import java.io.IOException;

/**
 * A video file that ends before its container says it does (cut short, a bad copy): what was
 * read is good, the rest is missing. Says which frame decoding stopped at, how far into the video
 * that is, and what FFmpeg said. {@code produce} exits non-zero on it unless
 * {@code --accept-damaged}.
 */
public final class DamagedVideoException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long framesRead;

    DamagedVideoException(String message, long framesRead) {
        super(message);
        this.framesRead = framesRead;
    }

    /** Frames decoded before the damage. */
    public long framesRead() {
        return framesRead;
    }
}
