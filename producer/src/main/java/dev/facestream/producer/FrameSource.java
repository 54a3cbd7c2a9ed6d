package dev.facestream.producer;

import java.io.IOException;

/** A sequence of frames. Not thread-safe: one reader thread. */
public interface FrameSource extends AutoCloseable {
    /** The next frame, or {@code null} at the end of the source. */
    CapturedFrame next() throws IOException;

    /**
     * Whether frames arrive at their own pace (camera, network stream). Files are not live: they
     * are paced to real time by the producer unless told otherwise.
     */
    boolean live();

    /** For logs and errors, e.g. {@code video file clip.mp4}. */
    String describe();

    @Override
    void close() throws IOException;

    /** Wall-clock now, microseconds since the epoch (the wire formats' clock). */
    static long nowMicros() {
        return dev.facestream.core.wire.WireTime.nowMicros();
    }
}
