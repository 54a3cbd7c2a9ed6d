package dev.facestream.cli;

import dev.facestream.detector.KeypointDetector;
import dev.facestream.detector.ReviewPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The detector's options, shared by {@code detect-stream}, {@code demo} and {@code process}.
 * Some tuning options default per command ({@link Defaults}): a live detector wants small batches
 * for latency, a batch job big and full ones for throughput.
 */
final class DetectorOptions {
    /**
     * A command's tuning defaults.
     *
     * @param inferenceThreads  0 for PyTorch's own default (one thread per core)
     * @param commitIntervalMs  exactly-once commit interval
     * @param fetchWholeBatches have the broker hold the detector's fetches until a batch is there
     *                          ({@link KeypointDetector#fetchWholeBatches}): for batch jobs only
     */
    record Defaults(int batchSize, long maxWaitMs, int inferenceThreads, long commitIntervalMs,
            boolean fetchWholeBatches) {
        /** detect-stream: the detector alone on its machine, latency first. */
        static final Defaults SERVICE = new Defaults(16, 20, 0, 100, false);
        /**
         * demo: latency first, but producer, detector, broker and video writer share the CPU; one
         * PyTorch thread beat two on two shared cores, which collapse under contention (figures:
         * docs/stream-figures.md, "Where the time goes").
         */
        static final Defaults DEMO = new Defaults(16, 20, 1, 100, false);
        /**
         * process: throughput first, so bigger and fuller batches (a crop may wait 200 ms for one),
         * whole batches per fetch, and a commit a second. Nobody watches a batch job's latency, and
         * each transaction costs the broker and the detector a few ms of CPU; the detector still
         * commits at once when its input goes quiet, so the video's last keypoints do not wait for
         * the interval (figures: docs/stream.md, "Batch tuning of process").
         */
        static final Defaults BATCH = new Defaults(32, 200, 1, 1000, true);
    }

    @Mixin
    ModelOptions model;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "crops per forward pass at most (default: detect-stream and demo 16, process 32)")
    Integer batchSize;

    @Option(names = "--max-wait-ms", paramLabel = "MS",
            description = "how long a crop waits for its batch to fill (default: detect-stream and demo 20,"
                    + " process 200)")
    Long maxWaitMs;

    @Option(names = "--commit-interval-ms", paramLabel = "MS",
            description = "exactly-once commit interval: keypoints become visible to readers at each commit (and"
                    + " when the input goes quiet), so it bounds latency; each commit costs a few ms (default:"
                    + " detect-stream and demo 100, live and process 1000)")
    Long commitIntervalMs;

    @Option(names = "--inference-threads", paramLabel = "N",
            description = "PyTorch threads per forward pass, 0: one per core (default: detect-stream 0, demo and"
                    + " process 1)")
    Integer inferenceThreads;

    @Option(names = "--threads", defaultValue = "1",
            description = "Kafka Streams threads, each with its own predictor (default: ${DEFAULT-VALUE})")
    int threads;

    /** Set by {@link #resolve}: the command's defaults, and whether the commit interval was given. */
    private Defaults defaults;
    private boolean commitIntervalGiven;

    @Option(names = "--review-below", defaultValue = "0", paramLabel = "P",
            description = "also send faces whose confidence is under P, with their crop and points, to the "
                    + "face-review topic for facestream review (default: 0, none)")
    double reviewBelow;

    @Option(names = "--review-per-track-minute", defaultValue = "" + ReviewPolicy.DEFAULT_PER_TRACK_PER_MINUTE,
            paramLabel = "N", description = "at most N review faces per stream and track in any minute of capture "
                    + "time (default: ${DEFAULT-VALUE})")
    int reviewPerTrackMinute;

    @Option(names = "--application-id", defaultValue = KeypointDetector.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application id = consumer group (default: ${DEFAULT-VALUE})")
    String applicationId;

    /**
     * Fills in the command's defaults, then checks what can be checked before anything starts,
     * so a typo fails at once and names its option: the device, the model directory, the numbers.
     */
    void resolve(Defaults d) throws IOException {
        batchSize = batchSize != null ? batchSize : d.batchSize();
        maxWaitMs = maxWaitMs != null ? maxWaitMs : d.maxWaitMs();
        inferenceThreads = inferenceThreads != null ? inferenceThreads : d.inferenceThreads();
        commitIntervalGiven = commitIntervalMs != null;
        commitIntervalMs = commitIntervalGiven ? commitIntervalMs : d.commitIntervalMs();
        defaults = d;
        positive("--batch-size", batchSize);
        positive("--max-wait-ms", maxWaitMs);
        positive("--commit-interval-ms", commitIntervalMs);
        positive("--threads", threads);
        new ReviewPolicy(reviewBelow, reviewPerTrackMinute);  // says which option is out of range, before the model loads
        if (inferenceThreads < 0) {
            throw new IllegalArgumentException("--inference-threads " + inferenceThreads + ": must be 0 or more");
        }
        if (inferenceThreads > 0) {
            // read once, when the PyTorch engine starts: that is the device check (ModelOptions.check) just below
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(inferenceThreads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(inferenceThreads));
        }
        model.check();
    }

    private static void positive(String option, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " " + value + ": must be at least 1");
        }
    }

    /**
     * These options under the command's defaults ({@link #resolve} first): the one place the
     * detector's flags become its options. The run fills in its Kafka and state directory.
     */
    KeypointDetector.Options options() {
        return KeypointDetector.Options.builder(model.dir).device(model.device).applicationId(applicationId).maxBatch(batchSize)
                .maxWait(maxWait()).threads(threads).clientConfig(streamsProperties())
                .review(new ReviewPolicy(reviewBelow, reviewPerTrackMinute)).build();
    }

    Duration maxWait() {
        return Duration.ofMillis(maxWaitMs);
    }

    /** Kafka Streams properties these options set under the command's defaults, over the user's client properties. */
    Map<String, Object> streamsProperties() {
        return streamsProperties(defaults);
    }

    /**
     * The same under another command's defaults (bench runs live's part with live's): its commit
     * interval unless one was given, and its fetch settings.
     */
    Map<String, Object> streamsProperties(Defaults d) {
        if (defaults == null) {
            throw new IllegalStateException("resolve the detector options first");
        }
        Map<String, Object> p = new HashMap<>();
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalGiven ? commitIntervalMs : d.commitIntervalMs());
        if (d.fetchWholeBatches()) {
            p.putAll(KeypointDetector.fetchWholeBatches(batchSize, maxWait()));
        }
        return p;
    }
}
