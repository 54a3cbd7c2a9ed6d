package dev.facestream.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** Which stream-thread failures replace the thread and which stop the detector, with what line. */
class StreamFailuresTest {
    private final AtomicLong now = new AtomicLong();
    private final StreamFailures failures = new StreamFailures("face-crops", now::get);

    @Test
    void aTransientErrorReplacesTheThreadUntilItRepeatsTooOften() {
        StreamsException timeout = new StreamsException("task 0_0", new TimeoutException("broker went away"));
        for (int i = 0; i < StreamFailures.MAX_REPLACEMENTS; i++) {
            assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, failures.handle(timeout));
            now.addAndGet(1_000_000_000L);
        }
        assertNull(failures.fatal());
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, failures.handle(timeout));
        assertTrue(failures.fatal().contains("broker went away") && failures.fatal().contains("times within"),
                failures.fatal());
    }

    @Test
    void transientErrorsSpreadOverTimeAreEachReplaced() {
        StreamsException timeout = new StreamsException("task 0_0", new TimeoutException("slow"));
        for (int i = 0; i < 3 * StreamFailures.MAX_REPLACEMENTS; i++) {
            assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, failures.handle(timeout));
            now.addAndGet(StreamFailures.WINDOW.toNanos() / 2);
        }
    }

    @Test
    void wrongCredentialsStopTheDetectorWithALineSayingSo() {
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, failures.handle(
                new StreamsException(new SaslAuthenticationException("Invalid username or password"))));
        assertTrue(failures.fatal().startsWith("Kafka refused the credentials"), failures.fatal());
        assertTrue(failures.fatal().contains("Invalid username or password"), failures.fatal());
    }

    @Test
    void aSecondInstanceWithTheSameInstanceIdIsNamed() {
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT,
                failures.handle(new FencedInstanceIdException("fenced")));
        assertTrue(failures.fatal().contains("--instance-id"), failures.fatal());
    }

    @Test
    void aBugIsFatalAndNamedByItsInnermostCause() {
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, failures.handle(new StreamsException(
                "failed to process task 0_0", new IllegalStateException("keypoint model failed on a batch of 3 crops"))));
        assertTrue(failures.fatal().startsWith("IllegalStateException: keypoint model failed on a batch of 3 crops"),
                failures.fatal());
    }
}
