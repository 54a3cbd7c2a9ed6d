package dev.facestream.detector;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's uncaught-exception handler: what a stream thread's death means.
 *
 * <ul>
 *   <li><b>Transient</b> (a {@link RetriableException} anywhere in the cause chain: a timeout, a
 *       broker that went away, a leader that moved): the thread is replaced and its tasks resume
 *       from their last commit; exactly once is kept, since the dead thread's transaction aborts.
 *       More than {@value #MAX_REPLACEMENTS} replacements within {@link #WINDOW} count as fatal:
 *       a failure that repeats is not transient.</li>
 *   <li><b>Fatal</b> (everything else: credentials, authorization, a missing topic, a second
 *       instance with the same instance id, a model that fails on good input, a bug): the client
 *       shuts down; {@link #fatal()} is then one line saying why, which {@code detect-stream}
 *       prints before it exits with a non-zero code.</li>
 * </ul>
 */
public final class StreamFailures implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StreamFailures.class);
    static final int MAX_REPLACEMENTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final LongSupplier nanoClock;
    private final String inputTopics;
    private final Deque<Long> replacements = new ArrayDeque<>();
    private volatile String fatal;

    /** @param inputTopics the application's input topics, named when one is missing */
    public StreamFailures(String inputTopics) {
        this(inputTopics, System::nanoTime);
    }

    StreamFailures(String inputTopics, LongSupplier nanoClock) {
        this.inputTopics = inputTopics;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        String why = describe(exception, inputTopics);
        if (isTransient(exception)) {
            long now = nanoClock.getAsLong();
            while (!replacements.isEmpty() && now - replacements.peekFirst() > WINDOW.toNanos()) {
                replacements.pollFirst();
            }
            if (replacements.size() < MAX_REPLACEMENTS) {
                replacements.addLast(now);
                LOG.warn("stream thread failed on a transient error, replacing it ({} of at most {} in {} min): {}",
                        replacements.size(), MAX_REPLACEMENTS, WINDOW.toMinutes(), why);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            why = "the same kind of transient error " + (MAX_REPLACEMENTS + 1) + " times within "
                    + WINDOW.toMinutes() + " min, last: " + why;
        }
        fatal = why;
        LOG.error("detector stopping: {}", why, exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** Why the detector stopped, one line; null while it has not failed. */
    public String fatal() {
        return fatal;
    }

    static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AuthenticationException || c instanceof AuthorizationException
                    || c instanceof FencedInstanceIdException) {
                return false;
            }
            if (c instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    /** One line naming what failed: the most specific known cause, else the innermost message. */
    static String describe(Throwable t, String inputTopics) {
        Throwable innermost = t;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AuthenticationException) {
                return "Kafka refused the credentials (check --kafka-config, FACESTREAM_KAFKA_SASL_*): "
                        + c.getMessage();
            }
            if (c instanceof AuthorizationException) {
                return "Kafka denied access (ACLs for the application id, its topics and transactional ids): "
                        + c.getMessage();
            }
            if (c instanceof FencedInstanceIdException) {
                return "another detector joined the group with this one's instance id (group.instance.id);"
                        + " give each instance its own --instance-id: " + c.getMessage();
            }
            if (c instanceof MissingSourceTopicException) {
                return "the input topic " + inputTopics + " does not exist (create it, or pass --create-topics): "
                        + c.getMessage();
            }
            innermost = c;
        }
        String m = innermost.getMessage();
        return innermost.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m)
                + (innermost == t ? "" : " (in " + t.getClass().getSimpleName() + ": " + t.getMessage() + ")");
    }
}
