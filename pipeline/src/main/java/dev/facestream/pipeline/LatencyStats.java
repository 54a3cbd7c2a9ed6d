package dev.facestream.pipeline;

import java.util.Arrays;

/**
 * Exact percentiles of a finite run's latencies (the summary of {@code demo} and
 * {@code process}). Keeps every sample, 8 bytes each: fine for runs of up to millions of crops;
 * unbounded streams use the Micrometer timers instead. Thread-safe.
 */
public final class LatencyStats {
    private long[] micros = new long[1024];
    private int count;

    /** Adds one sample, in microseconds; negative values (clock steps) count as 0. */
    public synchronized void add(long sampleMicros) {
        if (count == micros.length) {
            micros = Arrays.copyOf(micros, count * 2);
        }
        micros[count++] = Math.max(0, sampleMicros);
    }

    public synchronized int count() {
        return count;
    }

    /**
     * The {@code p}-th percentile (0 &lt; p &lt;= 100) by the nearest-rank method: the smallest
     * sample that at least p % of the samples do not exceed. NaN without samples.
     */
    public synchronized double percentileMillis(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(micros, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, rank - 1)] / 1000.0;
    }

    public synchronized double meanMillis() {
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += micros[i];
        }
        return sum / count / 1000.0;
    }
}
