package dev.facestream.stream;

import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.core.wire.Topics;
import dev.facestream.detector.KeypointDetector;
import dev.facestream.registry.ModelTopic;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Starting and closing the parts of an in-process pipeline the same way for {@link StreamRun} and
 * {@code LiveRun}: the embedded broker with the pipeline's topics, the detector on a cluster, and
 * the parts closed downstream first.
 */
public final class StreamParts {
    /** How long a detector may take to join its group and get its partitions. */
    static final Duration DETECTOR_START_TIMEOUT = Duration.ofMinutes(2);

    private StreamParts() {
    }

    /** An embedded broker with the pipeline's topics (face crops, keypoints, dead letters), one partition each. */
    public static EmbeddedKafka startBroker() {
        EmbeddedKafka broker = EmbeddedKafka.start();
        broker.createTopics(1, Topics.FACE_CROPS, Topics.KEYPOINTS, Topics.FACE_CROPS_DLQ);
        return broker;
    }

    /**
     * Starts a detector on {@code kafka} (its client properties, then {@code detectorProperties} over
     * them) and waits until it runs, so that the first frames' latency is the pipeline's and not the
     * detector's start-up; closes it and fails when it does not run within 2 minutes.
     */
    public static KeypointDetector startDetector(KafkaConnection kafka, String applicationId, Path modelDir,
            String device, int batchSize, Duration maxWait, int threads, Path stateDir,
            Map<String, Object> detectorProperties, KeypointDetector.ModelTopicSource modelTopic, MeterRegistry registry)
            throws IOException, InterruptedException {
        Map<String, Object> props = new HashMap<>(kafka.properties());
        props.putAll(detectorProperties);
        KeypointDetector.Options options = new KeypointDetector.Options(kafka.bootstrapServers(), applicationId,
                modelDir, device, batchSize, maxWait, threads, stateDir, props);
        if (modelTopic != null) {
            // an in-process pipeline (often on its own embedded broker) creates the model topic when missing
            ModelTopic.ensure(kafka.clientConfig(), modelTopic.topic(), true, Duration.ofSeconds(30));
            options = options.withModelTopic(modelTopic.topic(), modelTopic.name());
        }
        KeypointDetector d = KeypointDetector.start(options, registry);
        if (!d.awaitRunning(DETECTOR_START_TIMEOUT)) {
            KafkaStreams.State state = d.state();
            d.close();
            throw new IllegalStateException("the detector did not start within 2 minutes (state " + state + ")");
        }
        return d;
    }

    /** Closes the parts that were started (null: not started), downstream first: collector, detector, broker. */
    public static void close(KeypointsCollector collector, KeypointDetector detector, EmbeddedKafka broker) {
        if (collector != null) {
            collector.close();
        }
        if (detector != null) {
            detector.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
