package dev.facestream.stream;

import dev.facestream.core.face.FaceDetector;

import dev.facestream.detector.KeypointDetector;
import dev.facestream.producer.FrameSources;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What {@link StreamRun} and {@code LiveRun} share of their settings: the source and its stream,
 * the Kafka cluster, the detector's model and batching, and the meters. The setters return the
 * run's own settings, so that they chain with its other setters.
 *
 * @param <S> the run's own settings
 */
public abstract class PipelineSettings<S extends PipelineSettings<S>> {
    String source;
    String streamId;
    double fps;
    int detectWidth = FaceDetector.DEFAULT_DETECT_WIDTH;
    int detectEvery = 1;
    KafkaConnection kafka;
    boolean createTopics;
    Path modelDir = Path.of("models", "default");
    String device = "auto";
    int batchSize;
    Duration maxWait = Duration.ofMillis(20);
    int threads = 1;
    String applicationId = KeypointDetector.DEFAULT_APPLICATION_ID;
    Map<String, Object> detectorProperties = Map.of();
    KeypointDetector.ModelTopicSource modelTopic;
    MeterRegistry registry;

    /** With the run's own default source (may be null), batch size and meters. */
    protected PipelineSettings(String defaultSource, int defaultBatchSize, MeterRegistry defaultRegistry) {
        source = defaultSource;
        batchSize = defaultBatchSize;
        registry = defaultRegistry;
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** A camera index, video file or URL, GIF or folder of images (see {@link FrameSources#open}). */
    public final S source(String s) {
        source = s;
        return self();
    }

    /** Stream id of the run's records; default: {@code camN} or the source's file name. */
    public final S streamId(String s) {
        streamId = s;
        return self();
    }

    /** Keep at most this many frames per second of the source; 0 keeps all. */
    public final S fps(double f) {
        fps = f;
        return self();
    }

    /** Face detection width, see {@link FaceDetector}; 0: full resolution. */
    public final S detectWidth(int w) {
        detectWidth = w;
        return self();
    }

    /** Run the face detector on every n-th frame only, see {@code FaceCropper}; 1: every frame. */
    public final S detectEvery(int n) {
        detectEvery = n;
        return self();
    }

    /** A Kafka cluster to use; null (default) starts an embedded broker for the run. */
    public final S kafka(KafkaConnection k) {
        kafka = k;
        return self();
    }

    /** On a cluster: create missing topics instead of failing. */
    public final S createTopics(boolean c) {
        createTopics = c;
        return self();
    }

    public final S model(Path dir, String deviceChoice) {
        modelDir = dir;
        device = deviceChoice;
        return self();
    }

    /** Serve from and follow a model topic (docs/models.md); null topic: the model directory only. */
    public final S modelTopic(String topic, String name) {
        modelTopic = topic == null || topic.isBlank() ? null : new KeypointDetector.ModelTopicSource(topic, name);
        return self();
    }

    /** The detector's micro-batching: crops per forward pass, and how long a crop waits for one. */
    public final S batching(int size, Duration wait, int streamThreads) {
        batchSize = size;
        maxWait = wait;
        threads = streamThreads;
        return self();
    }

    public final S applicationId(String id) {
        applicationId = id;
        return self();
    }

    /** Kafka Streams properties for the detector only (e.g. {@code commit.interval.ms}). */
    public final S detectorProperties(Map<String, Object> props) {
        detectorProperties = Map.copyOf(props);
        return self();
    }

    /** The run's meters. */
    public final S registry(MeterRegistry r) {
        registry = r;
        return self();
    }

    public final String source() {
        return source;
    }

    /** The stream id given, or null for the default. */
    public final String streamId() {
        return streamId;
    }

    public final double fps() {
        return fps;
    }

    public final int detectWidth() {
        return detectWidth;
    }

    public final int detectEvery() {
        return detectEvery;
    }

    /** The cluster given, or null for an embedded broker. */
    public final KafkaConnection kafka() {
        return kafka;
    }

    public final boolean createTopics() {
        return createTopics;
    }

    public final Path modelDir() {
        return modelDir;
    }

    /** The model topic to follow, or null. */
    public final KeypointDetector.ModelTopicSource modelTopic() {
        return modelTopic;
    }

    public final String device() {
        return device;
    }

    public final int batchSize() {
        return batchSize;
    }

    public final Duration maxWait() {
        return maxWait;
    }

    public final int threads() {
        return threads;
    }

    public final String applicationId() {
        return applicationId;
    }

    public final Map<String, Object> detectorProperties() {
        return detectorProperties;
    }

    public final MeterRegistry registry() {
        return registry;
    }
}
