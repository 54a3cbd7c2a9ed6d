package dev.facestream.pipeline;

import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.connect.KafkaConnection;
import dev.facestream.connect.KafkaTopics;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.core.wire.SizeLimits;
import dev.facestream.core.wire.Topics;
import dev.facestream.detector.KeypointDetector;
import dev.facestream.registry.ModelTopic;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of one pipeline in this process, the same for {@link StreamRun}, {@code LiveRun}
 * and the benchmark: connect (an embedded broker with every topic of {@link Topics#ALL}, or a
 * cluster that has them), start the detector and wait until it runs, read the keypoints, ask
 * {@link #detectorFailed()}, and close everything, downstream first (collector, detector, broker).
 */
public final class PipelineLifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineLifecycle.class);
    /** How long a detector may take to join its group and get its partitions. */
    static final Duration DETECTOR_START_TIMEOUT = Duration.ofMinutes(2);

    private final EmbeddedKafka broker;
    private final KafkaConnection kafka;
    private volatile KeypointDetector detector;
    private volatile KeypointsCollector collector;
    private Path stateDir;

    private PipelineLifecycle(EmbeddedKafka broker, KafkaConnection kafka) {
        this.broker = broker;
        this.kafka = kafka;
    }

    /** An embedded broker with the pipeline's topics, one partition each, with the size limits. */
    public static PipelineLifecycle embedded() {
        return embedded(null);
    }

    /**
     * {@link #embedded()} keeping the broker's data in {@code dataDir} after the run, so that a later
     * run or {@code facestream review} on the same directory finds its topics and records (the review
     * queue among them); null: a temporary directory, deleted at the end. Topics it already has are
     * kept as they are.
     */
    public static PipelineLifecycle embedded(Path dataDir) {
        EmbeddedKafka broker = dataDir == null ? EmbeddedKafka.start() : EmbeddedKafka.startKeeping(dataDir);
        try {
            broker.createTopics(1, SizeLimits.topicConfig(), Topics.allNames());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return new PipelineLifecycle(broker, KafkaConnection.of(broker.bootstrapServers()));
    }

    /**
     * The cluster {@code kafka} once it has the pipeline's topics (created when missing if
     * {@code createTopics}).
     *
     * @throws IllegalStateException naming the cluster and what is missing, when it does not answer
     *                               within {@code timeout} or lacks a topic
     */
    public static PipelineLifecycle cluster(KafkaConnection kafka, boolean createTopics, Duration timeout) {
        KafkaTopics.ensure(kafka, createTopics, timeout, Topics.allNames());
        return new PipelineLifecycle(null, kafka);
    }

    /** {@link #embedded(Path)} on {@code embeddedData} when {@code clusterOrNull} is null, else {@link #cluster}. */
    public static PipelineLifecycle connect(KafkaConnection clusterOrNull, Path embeddedData, boolean createTopics,
            Duration timeout) {
        return clusterOrNull == null ? embedded(embeddedData) : cluster(clusterOrNull, createTopics, timeout);
    }

    /** How the parts reach Kafka. */
    public KafkaConnection kafka() {
        return kafka;
    }

    /** The embedded broker, or null on a cluster. */
    public EmbeddedKafka broker() {
        return broker;
    }

    /** For people: {@code embedded broker 127.0.0.1:PORT}, or the cluster's bootstrap servers. */
    public String describe() {
        return broker != null ? "embedded broker " + broker.bootstrapServers() : kafka.bootstrapServers();
    }

    /**
     * Starts a detector with {@code options} on this pipeline's Kafka (its client properties, then
     * the options' own over them) in a fresh state directory, and waits until it runs, so that the
     * first frames' latency is the pipeline's and not the detector's start-up. With a model topic
     * in the options, creates it when missing: an in-process pipeline often runs on its own
     * embedded broker, which has only {@link Topics#ALL}.
     *
     * @throws IllegalStateException when it does not run within 2 minutes (it is closed then)
     */
    public KeypointDetector startDetector(KeypointDetector.Options options, MeterRegistry registry)
            throws IOException, InterruptedException {
        if (detector != null) {
            throw new IllegalStateException("this pipeline's detector is already started");
        }
        if (options.modelTopic() != null) {
            ModelTopic.ensure(kafka.clientConfig(), options.modelTopic().topic(), true, Duration.ofSeconds(30));
        }
        stateDir = Files.createTempDirectory("facestream-run-state");
        KeypointDetector d = KeypointDetector.start(options.on(kafka.bootstrapServers(), kafka.properties(), stateDir),
                registry);
        if (!d.awaitRunning(DETECTOR_START_TIMEOUT)) {
            KafkaStreams.State state = d.state();
            d.close();
            throw new IllegalStateException("the detector did not start within 2 minutes (state " + state + ")");
        }
        detector = d;
        return d;
    }

    /** The detector started by {@link #startDetector}, or null. */
    public KeypointDetector detector() {
        return detector;
    }

    /** Whether this pipeline's detector has stopped on its own ({@link KeypointDetector#failed()}); false without one. */
    public boolean detectorFailed() {
        KeypointDetector d = detector;
        return d != null && d.failed();
    }

    /**
     * Starts reading the keypoints that pass {@code filter} (see {@link KeypointsCollector#start});
     * the collector is closed with the pipeline.
     */
    public KeypointsCollector collect(boolean readCommitted, Predicate<KeypointsRecord> filter, MeterRegistry registry,
            KeypointsCollector.Listener listener) {
        collector = KeypointsCollector.start(kafka, Topics.KEYPOINTS_TOPIC, readCommitted, filter, registry, listener);
        return collector;
    }

    /**
     * Closes what was started, downstream first: collector, detector, broker; then the detector's
     * state. A part that fails to close is logged and the others are closed all the same.
     */
    @Override
    public void close() {
        Utils.closeQuietly(collector, "the keypoints collector", LOG);
        Utils.closeQuietly(detector, "the detector", LOG);
        Utils.closeQuietly(broker, "the embedded broker", LOG);
        if (stateDir != null) {
            try {
                Utils.delete(stateDir.toFile());
            } catch (IOException e) {
                LOG.warn("could not delete the detector's state in {}: {}", stateDir, e.toString());
            }
        }
    }
}
