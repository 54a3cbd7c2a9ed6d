package dev.facestream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The bench's own contention for {@code live_contended}: one thread at normal priority spinning a
 * fixed integer kernel until it is stopped, so that one core is busy with the same work in every
 * run whatever else the machine does. It allocates nothing and touches no shared memory beyond
 * two counters, so what it takes from the pipeline is CPU time and nothing else (no garbage
 * collection, no memory bandwidth worth naming). Started and stopped once.
 */
final class FixedLoad implements AutoCloseable {
    /** Iterations of the kernel per round; the stop flag is read between rounds. */
    static final int ROUND = 1 << 16;
    /** What the report says the load is. */
    static final String DESCRIPTION = "one thread at normal priority spinning a fixed 64-bit integer kernel"
            + " (an LCG step and an xorshift per iteration) until stopped";

    private final Thread thread;
    private volatile boolean stopping;
    private volatile long rounds;
    /** The kernel's running result, kept so that the JIT cannot drop the loop. */
    private volatile long result;
    private volatile long cpuNanos = -1;
    private long startedAt;
    private long stoppedAt;
    private boolean started;

    FixedLoad() {
        thread = new Thread(this::spin, "facestream-bench-fixed-load");
        thread.setDaemon(true);
        thread.setPriority(Thread.NORM_PRIORITY);
    }

    /** The kernel, {@code n} iterations from {@code x}: a pure function, the same work in every run. */
    static long kernel(long x, int n) {
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        return x;
    }

    private void spin() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuAtStart = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
        long x = 1;
        long n = 0;
        while (!stopping) {
            x = kernel(x, ROUND);
            rounds = ++n;
        }
        result = x;
        cpuNanos = cpuAtStart < 0 ? -1 : threads.getCurrentThreadCpuTime() - cpuAtStart;
    }

    /** Starts the load; a load runs once. */
    synchronized FixedLoad start() {
        if (started) {
            throw new IllegalStateException("the fixed load was started already");
        }
        started = true;
        startedAt = System.nanoTime();
        thread.start();
        return this;
    }

    /** Stops the load and waits for its thread to end; a no-op when it is not running. */
    synchronized void stop() throws InterruptedException {
        if (!started || !thread.isAlive()) {
            return;
        }
        stopping = true;
        thread.join();
        stoppedAt = System.nanoTime();
    }

    boolean running() {
        return thread.isAlive();
    }

    /** Rounds of {@link #ROUND} iterations done so far. */
    long rounds() {
        return rounds;
    }

    /** The kernel's result once stopped: {@code kernel} applied {@code rounds() * ROUND} times from 1. */
    long result() {
        return result;
    }

    /**
     * The load thread's CPU time over its wall time, once stopped: 1.0 when it had a core to
     * itself all along, less when the pipeline won some of it back; NaN while running or where
     * the JVM does not measure thread CPU time.
     */
    synchronized double cpuCores() {
        long cpu = cpuNanos;
        return cpu < 0 || stoppedAt == 0 ? Double.NaN : cpu / (double) (stoppedAt - startedAt);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
