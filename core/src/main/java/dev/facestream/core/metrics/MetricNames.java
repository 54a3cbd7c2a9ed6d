package dev.facestream.core.metrics;

/**
 * Names and tags of every facestream meter, in Micrometer's dotted form. The Prometheus names
 * (what {@code /metrics} shows and dashboards query) follow from them: dots become underscores,
 * counters get {@code _total}, timers {@code _seconds_*}; {@code docs/metrics.md} lists both.
 *
 * <p>These names are an interface: dashboards and alerts are built on them, so a rename is a
 * breaking change. Add new meters; do not rename or re-tag existing ones.
 */
public final class MetricNames {
    /** Tag on producer meters: the stream id. */
    public static final String TAG_STREAM = "stream";
    /** Tag on the dead-letter counter: the {@code WireFormatException.Reason}. */
    public static final String TAG_REASON = "reason";
    /** Tag on the end-to-end latency: where it was measured, {@link #AT_DETECTOR} or {@link #AT_CONSUMER}. */
    public static final String TAG_AT = "at";
    public static final String AT_DETECTOR = "detector";
    public static final String AT_CONSUMER = "consumer";
    /** Tags on {@link #MODEL_INFO}. */
    public static final String TAG_MODEL_VERSION = "model_version";
    public static final String TAG_DEVICE = "device";
    public static final String TAG_ARCHITECTURE = "architecture";

    // producer
    public static final String FRAMES_GRABBED = "facestream.producer.frames.grabbed";
    public static final String FRAMES_SKIPPED = "facestream.producer.frames.skipped";
    public static final String FRAMES_DROPPED = "facestream.producer.frames.dropped";
    public static final String FRAMES_PROCESSED = "facestream.producer.frames.processed";
    /** Live: frames cut at the last boxes without face detection, the producer being behind its source (docs/live.md). */
    public static final String DETECTIONS_SKIPPED = "facestream.producer.detections.skipped";
    /** Live: crops not sent because the detector had not answered the frames before (docs/live.md). */
    public static final String CROPS_WITHHELD = "facestream.producer.crops.withheld";
    public static final String FACES_FOUND = "facestream.producer.faces.found";
    public static final String CROPS_SENT = "facestream.producer.crops.sent";
    public static final String CROPS_FAILED = "facestream.producer.crops.failed";
    public static final String FACE_DETECTION_TIME = "facestream.producer.face.detection";
    public static final String PUBLISH_LATENCY = "facestream.producer.publish.latency";

    // detector
    public static final String DETECTOR_CROPS = "facestream.detector.crops.received";
    public static final String DETECTOR_KEYPOINTS = "facestream.detector.keypoints.sent";
    public static final String DETECTOR_DLQ = "facestream.detector.dlq.records";
    /** Input records skipped without a dead letter (tag reason: why), see docs/reliability.md. */
    public static final String DETECTOR_SKIPPED = "facestream.detector.records.skipped";
    public static final String INFERENCE_TIME = "facestream.detector.inference";
    public static final String BATCH_SIZE = "facestream.detector.batch.size";
    public static final String QUIET_COMMITS = "facestream.detector.quiet.commits";
    /** Faces below the review threshold sent to the review topic (docs/review.md). */
    public static final String REVIEW_QUEUED = "facestream.detector.review.queued";
    /** Faces below the review threshold not sent: their track had its share of the minute. */
    public static final String REVIEW_SUPPRESSED = "facestream.detector.review.suppressed";
    public static final String MODEL_INFO = "facestream.model.info";
    /** Models from the model topic that failed a check, by {@link #TAG_REASON} (docs/models.md). */
    public static final String MODEL_REJECTED = "facestream.model.rejected";
    /** Models from the model topic swapped in while running. */
    public static final String MODEL_SWAPS = "facestream.model.swaps";

    // both ends: capture -> keypoints
    public static final String END_TO_END_LATENCY = "facestream.end.to.end.latency";

    // consumers of the keypoints topic (demo, process, live)
    public static final String CONSUMER_KEYPOINTS = "facestream.consumer.keypoints.received";
    public static final String FRAMES_WRITTEN = "facestream.writer.frames.written";

    /**
     * Histogram bucket bounds of every latency and duration timer. Fixed rather than Micrometer's
     * generated percentile buckets so that the {@code le} labels a dashboard queries never change
     * between versions; 1 ms to 10 s covers one forward pass up to a badly lagging pipeline.
     */
    public static java.time.Duration[] latencyBuckets() {
        long[] ms = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
        java.time.Duration[] d = new java.time.Duration[ms.length];
        for (int i = 0; i < ms.length; i++) {
            d[i] = java.time.Duration.ofMillis(ms[i]);
        }
        return d;
    }

    /** Bucket bounds of {@link #BATCH_SIZE}: powers of two up to the largest sensible batch. */
    public static double[] batchSizeBuckets() {
        return new double[] {1, 2, 4, 8, 16, 32, 64, 128, 256};
    }

    private MetricNames() {
    }
}
