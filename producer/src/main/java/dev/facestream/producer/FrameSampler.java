package dev.facestream.producer;

/**
 * {@code --fps N}: keeps at most N frames per second of media time, evenly spread. A 30 fps
 * video sampled at 10 fps keeps every third frame; a source slower than N keeps every frame.
 */
final class FrameSampler {
    private final long intervalMicros;
    private long nextMicros = Long.MIN_VALUE;

    /** @param fps frames per second to keep; 0 or less keeps every frame */
    FrameSampler(double fps) {
        this.intervalMicros = fps > 0 ? Math.round(1_000_000 / fps) : 0;
    }

    boolean keep(long mediaTimeMicros) {
        if (intervalMicros == 0) {
            return true;
        }
        // a small tolerance so 30 -> 10 fps keeps exactly every third frame despite rounding
        if (nextMicros != Long.MIN_VALUE && mediaTimeMicros < nextMicros - intervalMicros / 10) {
            return false;
        }
        // after a gap (or at the start) sample from here; otherwise stay on the regular grid
        nextMicros = nextMicros == Long.MIN_VALUE || mediaTimeMicros - nextMicros > intervalMicros
                ? mediaTimeMicros + intervalMicros
                : nextMicros + intervalMicros;
        return true;
    }
}
