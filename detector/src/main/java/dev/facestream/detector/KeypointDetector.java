package dev.facestream.detector;

import ai.djl.translate.TranslateException;
import dev.facestream.core.crop.CropRule;
import dev.facestream.model.Devices;
import dev.facestream.model.KeypointModel;
import dev.facestream.registry.CheckedModel;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.SizeLimits;
import dev.facestream.core.wire.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The detector application: loads the model, runs {@link KeypointsTopology} until closed. */
public final class KeypointDetector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeypointDetector.class);

    /**
     * @param bootstrapServers Kafka
     * @param applicationId    Kafka Streams application id (consumer group, internal topic prefix)
     * @param modelDir         model directory (see {@code ModelDirectory})
     * @param device           auto, cpu or gpu; gpu without a GPU is an error
     * @param maxBatch         crops per forward pass at most
     * @param maxWait          how long a crop waits for its batch to fill
     * @param threads          stream threads (each runs its own predictor)
     * @param stateDir         Kafka Streams state directory; null for a fresh temporary one
     * @param clientConfig     extra Kafka client properties (security, ...), over facestream's defaults
     * @param modelTopic       the model topic to serve from and follow, null for {@code modelDir} only
     * @param review           which faces also go to the review queue ({@link ReviewPolicy#NONE}: none)
     */
    public record Options(String bootstrapServers, String applicationId, Path modelDir, String device, int maxBatch,
            Duration maxWait, int threads, Path stateDir, Map<String, Object> clientConfig, ModelTopicSource modelTopic,
            ReviewPolicy review) {
        public Options {
            clientConfig = Map.copyOf(clientConfig);
            review = review == null ? ReviewPolicy.NONE : review;
        }

        /**
         * A builder with the defaults: {@link #DEFAULT_APPLICATION_ID}, device auto, batches of up to
         * 16 crops waiting at most 20 ms, one stream thread, a fresh state directory, no extra client
         * properties. The bootstrap servers may be left for the run to fill in ({@link #on}).
         */
        public static Builder builder(Path modelDir) {
            return new Builder(modelDir);
        }

        public Builder toBuilder() {
            return new Builder(modelDir).bootstrapServers(bootstrapServers).applicationId(applicationId).device(device)
                    .maxBatch(maxBatch).maxWait(maxWait).threads(threads).stateDir(stateDir).clientConfig(clientConfig)
                    .modelTopic(modelTopic).review(review);
        }

        /**
         * These options on a cluster reached with {@code kafkaProperties} (security, ...): the
         * cluster's properties first, these options' own client properties over them.
         */
        public Options on(String servers, Map<String, Object> kafkaProperties, Path state) {
            Map<String, Object> props = new HashMap<>(kafkaProperties);
            props.putAll(clientConfig);
            return toBuilder().bootstrapServers(servers).stateDir(state).clientConfig(props).build();
        }

        /** Options built one field at a time. */
        public static final class Builder {
            private String bootstrapServers;
            private String applicationId = DEFAULT_APPLICATION_ID;
            private Path modelDir;
            private String device = "auto";
            private int maxBatch = 16;
            private Duration maxWait = Duration.ofMillis(20);
            private int threads = 1;
            private Path stateDir;
            private Map<String, Object> clientConfig = Map.of();
            private ModelTopicSource modelTopic;
            private ReviewPolicy review = ReviewPolicy.NONE;

            private Builder(Path modelDir) {
                this.modelDir = modelDir;
            }

            public Builder bootstrapServers(String b) {
                bootstrapServers = b;
                return this;
            }

            public Builder applicationId(String id) {
                applicationId = id;
                return this;
            }

            public Builder model(Path dir, String deviceChoice) {
                modelDir = dir;
                device = deviceChoice;
                return this;
            }

            public Builder device(String d) {
                device = d;
                return this;
            }

            public Builder maxBatch(int n) {
                maxBatch = n;
                return this;
            }

            public Builder maxWait(Duration d) {
                maxWait = d;
                return this;
            }

            public Builder threads(int n) {
                threads = n;
                return this;
            }

            /** Null (default): a fresh temporary directory. */
            public Builder stateDir(Path dir) {
                stateDir = dir;
                return this;
            }

            public Builder clientConfig(Map<String, Object> c) {
                clientConfig = c;
                return this;
            }

            /** Serve the newest valid model {@code name} of {@code topic} and follow it ({@link ModelTopicSource}). */
            public Builder modelTopic(String topic, String name) {
                return modelTopic(new ModelTopicSource(topic, name));
            }

            /** Null (default): serve {@code modelDir} only. */
            public Builder modelTopic(ModelTopicSource source) {
                modelTopic = source;
                return this;
            }

            /** {@link ReviewPolicy#NONE} (default): no faces go to the review queue. */
            public Builder review(ReviewPolicy r) {
                review = r;
                return this;
            }

            public Options build() {
                return new Options(bootstrapServers, applicationId, modelDir, device, maxBatch, maxWait, threads,
                        stateDir, clientConfig, modelTopic, review);
            }
        }
    }

    /**
     * Consumer settings for a detector that serves batch jobs (a whole video at once), to go with
     * its Kafka Streams properties: the broker holds each fetch until a full batch of crops is
     * there or half the max wait has passed, so the detector wakes about once per batch rather than
     * once per produce request. On two shared cores this, a long commit interval and the
     * producer's batch linger cut the CPU that Kafka used in {@code process} (figures:
     * docs/stream.md, "Batch tuning of process"). Not for live work: a fetch held for half the max wait adds to the max wait
     * a crop may spend in the buffer.
     */
    public static Map<String, Object> fetchWholeBatches(int maxBatch, Duration maxWait) {
        int cropBytes = FaceCropRecord.bytesWithoutStreamId(CropRule.SIZE);
        return Map.of(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), maxBatch * cropBytes,
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                (int) Math.max(1, maxWait.toMillis() / 2));
    }

    /**
     * Serve from the model topic: at start the newest record of {@code name} that passes every
     * check ({@code --model} until one does), then each newer one that passes, swapped in between
     * two batches (see {@link ModelFollower}, docs/models.md).
     */
    public record ModelTopicSource(String topic, String name) {
    }

    /** The Kafka Streams application id (and consumer group) the detector uses unless told otherwise. */
    public static final String DEFAULT_APPLICATION_ID = "facestream-detector";

    private final ModelHolder models;
    private final ModelMeters modelMeters;
    private final ModelFollower follower;
    private final KafkaStreams streams;
    private final DetectorCounters counters;
    private final KafkaStreamsMetrics streamsMetrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final StreamFailures failures = new StreamFailures(Topics.FACE_CROPS);
    /** Set by {@link #inputEnded()}; read by the processors at each punctuation. */
    private final AtomicBoolean inputEnded = new AtomicBoolean();
    private volatile boolean closed;

    private KeypointDetector(Options o, MeterRegistry registry) throws IOException {
        this.modelMeters = new ModelMeters(registry, Devices.describe(Devices.select(o.device())));
        this.follower = o.modelTopic() == null ? null : new ModelFollower(withBootstrap(o), o.modelTopic().topic(),
                o.modelTopic().name(), o.device(), o.maxBatch(), modelMeters);
        CheckedModel fromTopic;
        KeypointModel model;
        try {
            fromTopic = follower == null ? null : follower.initial();
            model = fromTopic != null ? fromTopic.model() : KeypointModel.load(o.modelDir(), o.device());
        } catch (RuntimeException | IOException e) {
            closeFollower();
            throw e;
        }
        try {
            // before the first crop rather than on it (see KeypointModel.warmUp)
            model.warmUp(o.maxBatch());
            ModelHolder.Served first = fromTopic != null
                    ? new ModelHolder.Served(model, fromTopic.version(), fromTopic.recordSha256(), fromTopic.source())
                    : new ModelHolder.Served(model, model.metadata().modelVersion(), null, o.modelDir().toString());
            boolean[] started = {false};
            this.models = ModelHolder.owning(first, s -> {
                modelMeters.serving(s, started[0]);
                started[0] = true;
            });
            Path stateDir = o.stateDir() != null ? o.stateDir() : Files.createTempDirectory("facestream-streams");
            this.counters = new DetectorCounters(registry);
            Properties config = config(o, stateDir);
            config.putAll(errorHandling(counters));
            config.put(DeadLetterLimit.CONFIG, DeadLetterLimit.of(o.bootstrapServers(), o.clientConfig(),
                    Duration.ofSeconds(30)));
            ReviewSampler sampler = o.review().enabled()
                    ? new ReviewSampler(o.review().perTrackPerMinute(), ReviewSampler.DEFAULT_MAX_TRACKS).bindTo(registry)
                    : null;
            // pipelined when batches hold more than one crop; batch 1 is latency-first (live)
            KeypointsTopology.Batching batching = new KeypointsTopology.Batching(o.maxBatch(), o.maxWait(),
                    o.maxBatch() > 1, inputEnded::get);
            this.streams = new KafkaStreams(KeypointsTopology.build(models, batching, counters, o.review().below(),
                    sampler), config);
            streams.setUncaughtExceptionHandler(failures);
        } catch (TranslateException e) {
            model.close();
            closeFollower();
            throw new IOException("model " + o.modelDir() + " failed on a blank crop: " + e.getMessage(), e);
        } catch (RuntimeException | IOException e) {
            model.close();
            closeFollower();
            throw e;
        }
        if (follower != null) {
            follower.follow(models);
        }
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        LOG.info("detector: model {} ({}) on {}, batches of up to {} crops, max wait {} ms{}", models.current().version(),
                models.current().source(), model.deviceName(), o.maxBatch(), o.maxWait().toMillis(),
                follower == null ? "" : ", following model topic " + o.modelTopic().topic());
    }

    private static Map<String, Object> withBootstrap(Options o) {
        Map<String, Object> c = new java.util.HashMap<>(o.clientConfig());
        c.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
        return c;
    }

    private void closeFollower() {
        if (follower != null) {
            follower.close();
        }
    }

    /** Loads the model and starts the streams application; meters go to a private registry. */
    public static KeypointDetector start(Options options) throws IOException {
        return start(options, new SimpleMeterRegistry());
    }

    /** Loads the model and starts the streams application, recording meters in {@code registry}. */
    public static KeypointDetector start(Options options, MeterRegistry registry) throws IOException {
        KeypointDetector d = new KeypointDetector(options, registry);
        d.streams.start();
        return d;
    }

    static Properties config(Options o, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Keypoints become visible to read_committed consumers at each commit, so the commit
        // interval bounds latency; 100 ms is the exactly-once default, stated here on purpose.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // A batch's keypoints are sent at once; lingering would only delay them to the commit.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 1);
        // the size limits, stated rather than left to the clients' defaults (see SizeLimits)
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                SizeLimits.PRODUCER_MAX_REQUEST_BYTES);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                SizeLimits.CONSUMER_MAX_PARTITION_FETCH_BYTES);
        // One poll should not hand over much more than a few batches: keeps commits frequent.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), Math.max(64, 4 * o.maxBatch()));
        // The user's properties (security, timeouts, even the processing guarantee) override the
        // defaults above, but not what the command line and the topology fix below.
        p.putAll(o.clientConfig());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, o.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, o.threads());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        return p;
    }

    /**
     * The exception handlers, chosen on purpose rather than left at Kafka Streams' defaults (which
     * stop the stream on the first record that fails to deserialize or to send): see
     * {@link UnreadableRecords}, {@link UnsendableRecords} and, set on the client,
     * {@link StreamFailures}. Not overridable by {@code --kafka-config}: they are what keeps one
     * record from stopping the stream.
     */
    static Map<String, Object> errorHandling(DetectorCounters counters) {
        return Map.of(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, UnreadableRecords.class,
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, UnsendableRecords.class,
                UnsendableRecords.COUNTERS_CONFIG, counters);
    }

    /**
     * Why the detector stopped on its own, one line (see {@link StreamFailures}); null while it
     * runs or when it was closed.
     */
    public String failure() {
        return failures.fatal();
    }

    /**
     * Tells a detector that runs for one finite input (the detector inside {@code process}) that
     * the input has ended: a partial batch then runs at its next punctuation instead of waiting
     * out its max wait, and the quiet commit follows, so the last keypoints come up to a max wait
     * sooner. Crops that still arrive are processed as usual, in smaller batches.
     */
    public void inputEnded() {
        inputEnded.set(true);
    }

    public DetectorCounters counters() {
        return counters;
    }

    /**
     * The model serving now (thread-safe; make a predictor per thread), e.g. to measure it alone. With
     * a model topic it may be swapped, and then closed, at any time: see {@link #servingVersion()}.
     */
    public KeypointModel model() {
        return models.current().model();
    }

    /** The version of the model serving now. */
    public String servingVersion() {
        return models.current().version();
    }

    /** Models swapped in while running. */
    public long modelSwaps() {
        return modelMeters.swaps();
    }

    /** Models from the model topic rejected, by reason. */
    public Map<String, Long> modelsRejected() {
        return modelMeters.rejectedByReason();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Whether the detector has stopped on its own: Kafka Streams is in error, or has shut down
     * without {@link #close()} being called. The one test of "has the detector stopped?" that every
     * run, the live page and {@code detect-stream} use.
     */
    public boolean failed() {
        KafkaStreams.State s = streams.state();
        return s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR
                || (!closed && (s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_SHUTDOWN));
    }

    /** Blocks until the application stops (closed, or failed). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Waits until the application is RUNNING (partitions assigned), at most {@code timeout}. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || stopped.await(0, TimeUnit.MILLISECONDS)) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Stops the application and frees the model; safe to call more than once, from any thread. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeFollower();
        // a static member (group.instance.id) would otherwise keep its partitions, idle, until its
        // session times out: leaving hands them to the other instances at once. After a crash
        // there is no leave, and the restarted member takes them back by its instance id.
        streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
        streamsMetrics.close();
        models.close();
        LOG.info("detector stopped: {}", counters);
    }
}
