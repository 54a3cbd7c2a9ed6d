package dev.facestream.core.wire;

import java.time.Instant;

/**
 * The clock of the wire formats: {@code captured_at} and every latency measured against it are
 * microseconds since the Unix epoch, read from the wall clock (not {@link System#nanoTime()},
 * which means nothing in another process or on another machine).
 */
public final class WireTime {
    private WireTime() {
    }

    /** Wall-clock now, microseconds since the epoch. */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
