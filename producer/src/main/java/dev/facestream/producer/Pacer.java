package dev.facestream.producer;

/**
 * Releases file frames at the speed they would have been filmed, so a video file behaves like a
 * camera (the default for files; {@code --no-pace} turns it off for batch work).
 */
final class Pacer {
    private final boolean enabled;
    private long startNanos;
    private long startMediaMicros = Long.MIN_VALUE;

    Pacer(boolean enabled) {
        this.enabled = enabled;
    }

    /** Sleeps until the frame at {@code mediaTimeMicros} is due. */
    void await(long mediaTimeMicros) throws InterruptedException {
        if (!enabled) {
            return;
        }
        if (startMediaMicros == Long.MIN_VALUE) {
            startMediaMicros = mediaTimeMicros;
            startNanos = System.nanoTime();
            return;
        }
        long dueNanos = startNanos + (mediaTimeMicros - startMediaMicros) * 1_000L;
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000L, (int) (waitNanos % 1_000_000L));
        }
    }
}
