package dev.facestream.detector;

import dev.facestream.core.metrics.MetricNames;
import dev.facestream.core.wire.WireFormatException;
import dev.facestream.core.wire.WireTime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the detector has done since start: for logs, the demo summary and tests, and as the
 * Micrometer meters of {@code docs/metrics.md}. Thread-safe.
 */
public final class DetectorCounters {
    private final LongAdder crops = new LongAdder();
    private final LongAdder keypoints = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder inferenceNanos = new LongAdder();
    private final LongAdder quietCommits = new LongAdder();
    private final Map<String, LongAdder> deadLettered = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();
    /** System.nanoTime of the first accepted crop and of the last forwarded batch; 0 until then. */
    private final AtomicLong firstCropNanos = new AtomicLong();
    private final AtomicLong lastBatchNanos = new AtomicLong();

    private final MeterRegistry registry;
    private final Counter cropCounter;
    private final Counter keypointsCounter;
    private final Timer inference;
    private final DistributionSummary batchSize;
    private final Timer endToEnd;
    private final Counter quietCommitCounter;

    /** Counters whose meters go to a private registry (tests, tools that do not export metrics). */
    public DetectorCounters() {
        this(new SimpleMeterRegistry());
    }

    public DetectorCounters(MeterRegistry registry) {
        this.registry = registry;
        cropCounter = Counter.builder(MetricNames.DETECTOR_CROPS)
                .description("valid face crops accepted into a batch").register(registry);
        keypointsCounter = Counter.builder(MetricNames.DETECTOR_KEYPOINTS)
                .description("keypoints records forwarded to the keypoints topic").register(registry);
        inference = Timer.builder(MetricNames.INFERENCE_TIME)
                .description("one forward pass of the keypoint network over a batch")
                .serviceLevelObjectives(MetricNames.latencyBuckets()).register(registry);
        batchSize = DistributionSummary.builder(MetricNames.BATCH_SIZE).baseUnit("crops")
                .description("crops per forward pass").serviceLevelObjectives(MetricNames.batchSizeBuckets())
                .register(registry);
        endToEnd = Timer.builder(MetricNames.END_TO_END_LATENCY).tag(MetricNames.TAG_AT, MetricNames.AT_DETECTOR)
                .description("frame capture to keypoints (at=detector: forwarded by the detector;"
                        + " at=consumer: read by a consumer of the keypoints topic)")
                .serviceLevelObjectives(MetricNames.latencyBuckets()).register(registry);
        quietCommitCounter = Counter.builder(MetricNames.QUIET_COMMITS)
                .description("commits the detector asked for because its input went quiet with every crop answered"
                        + " (the others come every commit.interval.ms)")
                .register(registry);
        // every reason registered up front, so each series exists (at 0) before its first record
        // and a dashboard's rate() sees the first dead letter as an increase
        for (WireFormatException.Reason r : WireFormatException.Reason.values()) {
            deadLetterCounter(r.name());
        }
        skippedCounter(UnsendableRecords.DLQ_NOT_WRITTEN);
        skippedCounter(UnreadableRecords.UNREADABLE);
    }

    private Counter deadLetterCounter(String reason) {
        return Counter.builder(MetricNames.DETECTOR_DLQ).tag(MetricNames.TAG_REASON, reason)
                .description("face-crop records sent to the dead-letter topic face-crops-dlq").register(registry);
    }

    private Counter skippedCounter(String reason) {
        return Counter.builder(MetricNames.DETECTOR_SKIPPED).tag(MetricNames.TAG_REASON, reason)
                .description("input records skipped without a dead letter (it could not be written, or the record"
                        + " could not be read); each is logged with its topic, partition and offset")
                .register(registry);
    }

    void skipped(String reason) {
        skipped.computeIfAbsent(reason, r -> new LongAdder()).increment();
        skippedCounter(reason).increment();
    }

    /** Input records skipped without a dead letter, all reasons. */
    public long skipped() {
        return skipped.values().stream().mapToLong(LongAdder::sum).sum();
    }

    void crop() {
        firstCropNanos.compareAndSet(0, System.nanoTime());
        crops.increment();
        cropCounter.increment();
    }

    /**
     * A forward pass of {@code size} crops that took {@code nanos}; {@code capturedAtMicros} are
     * the crops' capture times, for the end-to-end latency.
     */
    void batch(int size, long nanos, long[] capturedAtMicros) {
        batches.increment();
        keypoints.add(size);
        inferenceNanos.add(nanos);
        keypointsCounter.increment(size);
        inference.record(nanos, TimeUnit.NANOSECONDS);
        batchSize.record(size);
        long now = WireTime.nowMicros();
        for (long c : capturedAtMicros) {
            endToEnd.record(Math.max(0, now - c), TimeUnit.MICROSECONDS);
        }
        lastBatchNanos.set(System.nanoTime());
    }

    void quietCommit() {
        quietCommits.increment();
        quietCommitCounter.increment();
    }

    void deadLettered(String reason) {
        deadLettered.computeIfAbsent(reason, r -> new LongAdder()).increment();
        deadLetterCounter(reason).increment();
    }

    /** Valid crops accepted into a batch. */
    public long crops() {
        return crops.sum();
    }

    /** Keypoints records forwarded. */
    public long keypoints() {
        return keypoints.sum();
    }

    /** Forward passes run. */
    public long batches() {
        return batches.sum();
    }

    /** Time spent in forward passes, all batches. */
    public long inferenceNanos() {
        return inferenceNanos.sum();
    }

    /**
     * Nanoseconds from the first accepted crop to the last forwarded batch: the window the
     * detector's throughput is measured over (0 before the first batch).
     */
    public long activeNanos() {
        long first = firstCropNanos.get();
        long last = lastBatchNanos.get();
        return first == 0 || last == 0 ? 0 : Math.max(0, last - first);
    }

    /** Commits requested because the input went quiet with every crop answered. */
    public long quietCommits() {
        return quietCommits.sum();
    }

    /** Records sent to the dead-letter topic, all reasons. */
    public long deadLettered() {
        return deadLettered.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Dead-lettered records per reason. */
    public Map<String, Long> deadLetteredByReason() {
        Map<String, Long> m = new TreeMap<>();
        deadLettered.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    @Override
    public String toString() {
        return crops() + " crops, " + keypoints() + " keypoints in " + batches() + " batches, " + deadLettered()
                + " dead-lettered " + deadLetteredByReason() + (skipped() == 0 ? "" : ", " + skipped() + " skipped");
    }
}
