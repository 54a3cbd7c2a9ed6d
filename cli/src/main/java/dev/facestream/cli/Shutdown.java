package dev.facestream.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) and SIGTERM for long-running commands: the JVM runs shutdown hooks and then
 * exits, so the hook asks the command to stop and waits for it to clean up (close Kafka clients,
 * stop the embedded broker and delete its data) before letting the JVM go.
 */
final class Shutdown implements AutoCloseable {
    /** How long a stopping command may take to clean up before the JVM exits anyway. */
    private static final long GRACE_SECONDS = 40;

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);

    private Shutdown(Runnable stop) {
        this.hook = new Thread(() -> {
            stop.run();
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "facestream-shutdown");
    }

    /** Runs {@code stop} on SIGINT/SIGTERM until {@link #close()}: wrap the command's work in it. */
    static Shutdown onSignal(Runnable stop) {
        Shutdown s = new Shutdown(stop);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** The command has finished cleaning up. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down (the hook is running): nothing to remove
        }
    }
}
