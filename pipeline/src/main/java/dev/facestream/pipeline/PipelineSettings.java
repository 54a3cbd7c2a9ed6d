package dev.facestream.pipeline;

import dev.facestream.connect.KafkaConnection;
import dev.facestream.detector.KeypointDetector;
import dev.facestream.producer.FaceCropProducer;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@link StreamRun} and {@code LiveRun} share of their settings: the producer's options and
 * the detector's (each one value, built once by its own builder), the Kafka cluster, and the
 * meters. The bootstrap servers and the cluster's client properties are filled into both options
 * when the run has connected ({@link #producerOn}, {@link PipelineLifecycle#startDetector}). The
 * setters return the run's own settings, so that they chain with its other setters.
 *
 * @param <S> the run's own settings
 */
public abstract class PipelineSettings<S extends PipelineSettings<S>> {
    FaceCropProducer.Options producer;
    KeypointDetector.Options detector;
    KafkaConnection kafka;
    Path embeddedBrokerData;
    boolean createTopics;
    MeterRegistry registry;

    /** With the run's own default source (may be null), batch size and meters. */
    protected PipelineSettings(String defaultSource, int defaultBatchSize, MeterRegistry defaultRegistry) {
        producer = FaceCropProducer.Options.builder(defaultSource, null).build();
        detector = KeypointDetector.Options.builder(Path.of("models", "default")).maxBatch(defaultBatchSize).build();
        registry = defaultRegistry;
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /**
     * The producer's options: source, stream id, sampling, face detection. Their bootstrap servers
     * are ignored (the run's Kafka is used); their client properties go over the cluster's.
     */
    public final S producer(FaceCropProducer.Options options) {
        producer = options;
        return self();
    }

    /**
     * The detector's options: model, device, batching, application id, Kafka Streams properties
     * (over the cluster's client properties). Bootstrap servers and state directory come from the run.
     */
    public final S detector(KeypointDetector.Options options) {
        detector = options;
        return self();
    }

    /** A Kafka cluster to use; null (default) starts an embedded broker for the run. */
    public final S kafka(KafkaConnection k) {
        kafka = k;
        return self();
    }

    /**
     * Without a cluster: keep the embedded broker's data in this directory after the run (null,
     * the default: a temporary one, deleted), for a later run or {@code facestream review} on it.
     */
    public final S embeddedBrokerData(Path dir) {
        embeddedBrokerData = dir;
        return self();
    }

    /** On a cluster: create missing topics instead of failing. */
    public final S createTopics(boolean c) {
        createTopics = c;
        return self();
    }

    /** The run's meters. */
    public final S registry(MeterRegistry r) {
        registry = r;
        return self();
    }

    public final FaceCropProducer.Options producer() {
        return producer;
    }

    public final KeypointDetector.Options detector() {
        return detector;
    }

    /** The source of {@link #producer()}. */
    public final String source() {
        return producer.source();
    }

    /** The cluster given, or null for an embedded broker. */
    public final KafkaConnection kafka() {
        return kafka;
    }

    public final boolean createTopics() {
        return createTopics;
    }

    /** Where the embedded broker keeps its data after the run, or null for nowhere. */
    public final Path embeddedBrokerData() {
        return embeddedBrokerData;
    }

    public final MeterRegistry registry() {
        return registry;
    }

    /** The producer's options on the run's Kafka: its servers, its client properties under the options' own. */
    public final FaceCropProducer.Options producerOn(KafkaConnection k) {
        Map<String, Object> props = new HashMap<>(k.properties());
        props.putAll(producer.clientConfig());
        return producer.toBuilder().bootstrapServers(k.bootstrapServers()).clientConfig(props).build();
    }
}
