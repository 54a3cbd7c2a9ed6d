package dev.facestream.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the two ends of a finite run by frame number: the producer says how many crops each
 * frame sent ({@link #expect}), the collector delivers keypoints ({@link #received}) in any
 * order, and a writer takes frame after frame ({@link #await}) as soon as each is complete.
 *
 * <p>A frame is <em>final</em> when all of its crops have keypoints, or when the producer never
 * processed it: it was dropped or skipped, which is certain once the producer has processed a
 * later frame (it works in frame order) or has finished. A final frame with no keypoints is
 * written plain. Thread-safe.
 */
public final class KeypointsByFrame {
    private final Map<Long, Integer> expected = new HashMap<>();
    private final Map<Long, List<KeypointsCollector.Received>> received = new HashMap<>();
    private long highestProcessed = -1;
    private boolean producerDone;
    private long framesRead = -1;
    private long expectedTotal;
    private long receivedTotal;
    private long lastProgressNanos = System.nanoTime();
    private Throwable failure;

    /** The producer processed {@code frame} and sent {@code crops} crops for it. */
    public synchronized void expect(long frame, int crops) {
        expected.put(frame, crops);
        expectedTotal += crops;
        highestProcessed = Math.max(highestProcessed, frame);
        progress();
    }

    public synchronized void received(KeypointsCollector.Received r) {
        received.computeIfAbsent(r.record().frame(), f -> new ArrayList<>()).add(r);
        receivedTotal++;
        progress();
    }

    /** The producer has finished after reading {@code framesRead} frames from its source. */
    public synchronized void producerDone(long framesReadFromSource) {
        producerDone = true;
        framesRead = framesReadFromSource;
        progress();
    }

    /** Something upstream broke: every waiter stops with this cause. */
    public synchronized void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        notifyAll();
    }

    private void progress() {
        lastProgressNanos = System.nanoTime();
        notifyAll();
    }

    private boolean isFinal(long frame) {
        Integer n = expected.get(frame);
        if (n != null) {
            List<KeypointsCollector.Received> got = received.get(frame);
            return (got == null ? 0 : got.size()) >= n;
        }
        return frame < highestProcessed || producerDone;
    }

    /**
     * Blocks until {@code frame} is final, then removes and returns its keypoints in face order
     * (empty for a frame without faces, or one the producer dropped or skipped).
     *
     * @throws IllegalStateException when {@link #fail} was called
     */
    public synchronized List<KeypointsCollector.Received> await(long frame) throws InterruptedException {
        while (!isFinal(frame)) {
            if (failure != null) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
            wait();
        }
        expected.remove(frame);
        List<KeypointsCollector.Received> got = received.remove(frame);
        if (got == null) {
            return List.of();
        }
        got.sort(Comparator.comparingInt(r -> r.record().face()));
        return got;
    }

    /**
     * Whether the run is complete: the producer is done and every crop it sent has its
     * keypoints. Waits at most {@code maxWaitMillis} for that (returns early on any change; 0
     * does not wait).
     */
    public synchronized boolean awaitComplete(long maxWaitMillis) throws InterruptedException {
        if (!complete() && failure == null && maxWaitMillis > 0) {
            wait(maxWaitMillis);   // wait(0) would wait for ever: 0 means "just look"
        }
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        return complete();
    }

    private boolean complete() {
        return producerDone && receivedTotal >= expectedTotal;
    }

    /**
     * Where the run stands, all at one moment.
     *
     * @param framesRead frames the producer read, once it is done; -1 before
     * @param expected   crops the producer sent so far
     * @param received   keypoints received so far
     * @param idleNanos  nanoseconds since anything last happened (a frame expected, keypoints received)
     */
    public record Counts(long framesRead, long expected, long received, long idleNanos) {
    }

    public synchronized Counts counts() {
        return new Counts(framesRead, expectedTotal, receivedTotal, System.nanoTime() - lastProgressNanos);
    }
}
