package dev.facestream.live;

import dev.facestream.core.metrics.MetricNames;
import dev.facestream.core.wire.WireTime;
import dev.facestream.detector.KeypointDetector;
import dev.facestream.producer.FaceCropProducer;
import dev.facestream.producer.FrameSources;
import dev.facestream.connect.KafkaConnection;
import dev.facestream.pipeline.KeypointsCollector;
import dev.facestream.pipeline.PipelineLifecycle;
import dev.facestream.pipeline.PipelineSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live overlay: a source through the pipeline, shown in a browser while it runs.
 *
 * <pre>
 *   camera / video --> FaceCropProducer --> face-crops --> KeypointDetector --> keypoints
 *                          | frames + crops                                        | read_uncommitted
 *                          +------------------------> LiveView <-------------------+
 *                                                        |
 *                                 LiveServer: page, /next (frames + keypoints + figures), /metrics
 * </pre>
 *
 * The page server starts first and the rest comes up behind it on a supervisor thread, so the
 * page can say what is happening in every state: broker starting, Kafka unreachable (retried),
 * camera missing (retried), detector starting or stopped, no keypoints coming back, no face in
 * view, video ended. It runs until {@link #stop()}; a video file ends, or loops with
 * {@link Settings#loop}.
 *
 * <p>The keypoints are read {@code read_uncommitted}: the detector's exactly-once transactions
 * commit every commit interval (100 ms), and waiting for the commit would add up to that much to
 * every frame. A viewer loses nothing by it (see {@link KeypointsCollector}).
 */
public final class LiveRun implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRun.class);
    /** How often an unavailable camera, stream or Kafka cluster is tried again. */
    static final long RETRY_MILLIS = 2000;
    private static final Duration KAFKA_CHECK_TIMEOUT = Duration.ofSeconds(5);

    /** What to run; see the setters. */
    public static final class Settings extends PipelineSettings<Settings> {
        boolean loop;
        boolean runDetector = true;
        String bind = "127.0.0.1";
        int port = 8080;
        long maxOverlayWaitMillis = 100;
        int jpegQuality = 80;
        double lowConfidence = 0.5;
        final List<FaceCropProducer.FrameListener> frameListeners = new ArrayList<>();
        final List<FaceCropProducer.PublishListener> publishListeners = new ArrayList<>();
        final List<KeypointsCollector.Listener> keypointsListeners = new ArrayList<>();

        /**
         * Camera 0, one crop per forward pass, and a Prometheus registry of its own (served at
         * {@code /metrics}) unless set.
         */
        public Settings() {
            super("0", 1, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        }

        /** Play a video file again from the start when it ends. */
        public Settings loop(boolean l) {
            loop = l;
            return this;
        }

        /** Whether to run a detector in this process (default); off when the cluster has its own. */
        public Settings runDetector(boolean r) {
            runDetector = r;
            return this;
        }

        /** Address and port of the page; port 0 takes a free one. */
        public Settings http(String host, int p) {
            bind = host;
            port = p;
            return this;
        }

        /** How long a frame may wait for its keypoints before it is shown with stale ones. */
        public Settings maxOverlayWaitMillis(long ms) {
            maxOverlayWaitMillis = ms;
            return this;
        }

        /** Faces under this confidence are drawn as low-confidence on the page; 0 for none. */
        public Settings lowConfidence(double p) {
            lowConfidence = p;
            return this;
        }

        public Settings jpegQuality(int q) {
            jpegQuality = q;
            return this;
        }

        /** Also called for every processed frame, after the view (benchmarks time the stages with it). */
        public Settings onFrame(FaceCropProducer.FrameListener l) {
            frameListeners.add(l);
            return this;
        }

        /** Also called for every keypoints record of the stream, as it is read, after the view. */
        public Settings onKeypoints(KeypointsCollector.Listener l) {
            keypointsListeners.add(l);
            return this;
        }

        /** Also called for every crop Kafka acknowledged. */
        public Settings onPublished(FaceCropProducer.PublishListener l) {
            publishListeners.add(l);
            return this;
        }
    }

    /** What a part of the pipeline is doing, for the page. */
    public enum Phase { STARTING, RUNNING, RETRYING, ENDED, STOPPED, FAILED }

    /** A part's phase and what to tell the user about it (null when all is well). */
    public record Condition(Phase phase, String message) {
    }

    private final Settings s;
    private final String streamId;
    private final boolean file;
    private final LiveView view;
    private LiveServer server;
    private final Thread supervisor;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<FaceCropProducer> producer = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final long sinceMicros = WireTime.nowMicros();
    private volatile Condition source = new Condition(Phase.STARTING, null);
    private volatile Condition kafkaCondition = new Condition(Phase.STARTING, null);
    private volatile Condition detectorCondition;
    private volatile String kafkaAddress;
    private volatile PipelineLifecycle pipeline;
    private volatile long framesBeforeEnd = -1;
    private volatile boolean stopping;

    private LiveRun(Settings s) throws IOException {
        this.s = s;
        this.streamId = s.producer().streamId();
        this.file = !FrameSources.isCameraIndex(s.source()) && !FrameSources.isUrl(s.source());
        this.detectorCondition = s.runDetector ? new Condition(Phase.STARTING, null) : null;
        this.view = new LiveView(s.maxOverlayWaitMillis, s.jpegQuality, s.lowConfidence);
        this.supervisor = new Thread(this::supervise, "facestream-live");
        supervisor.setDaemon(true);
    }

    /**
     * Serves the page and starts bringing up the pipeline behind it.
     *
     * @throws IOException when the page's port cannot be bound, or a file source does not exist
     */
    public static LiveRun start(Settings settings) throws IOException {
        if (settings.source() == null || settings.source().isBlank()) {
            throw new IllegalArgumentException("no source to show");
        }
        if (!settings.runDetector && settings.kafka() == null) {
            throw new IllegalArgumentException("without a detector here (--no-detector), keypoints must come from a"
                    + " detect-stream on a cluster: give --bootstrap-servers");
        }
        boolean camera = FrameSources.isCameraIndex(settings.source());
        boolean url = FrameSources.isUrl(settings.source());
        if (!camera && !url && !Files.exists(Path.of(settings.source()))) {
            // a mistyped file is a usage error, told at once; a missing camera is a state the page shows
            throw new IOException("source " + settings.source() + ": no such file or folder");
        }
        LiveRun run = new LiveRun(settings);
        LiveMeters.bind(settings.registry(), run.streamId, run.view);
        // the page first: it tells the user what the rest is doing while it comes up
        run.server = LiveServer.start(run, settings.bind, settings.port);
        run.view.start();
        run.supervisor.start();
        LOG.info("live view of '{}' at {}", run.streamId, run.url());
        return run;
    }

    /** The page, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        return server.url();
    }

    public LiveView view() {
        return view;
    }

    public String streamId() {
        return streamId;
    }

    /** Asks the run to stop; {@link #awaitStopped} then returns. */
    public void stop() {
        stopping = true;
        stopRequested.countDown();
        FaceCropProducer p = producer.get();
        if (p != null) {
            p.stop();
        }
    }

    /** Waits until the run has stopped and cleaned up, at most {@code timeout}; whether it has. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why the run stopped on its own (the embedded broker or the model would not start), or null. */
    public Throwable failure() {
        return failure.get();
    }

    /** Stops everything, the page server last. */
    @Override
    public void close() {
        stop();
        try {
            if (!finished.await(60, TimeUnit.SECONDS)) {
                LOG.warn("live run did not stop within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        view.close();
        server.close();
    }

    private void supervise() {
        PipelineLifecycle pipeline = null;
        KafkaHealth health = null;
        try {
            probeSource();
            if (s.kafka() == null) {
                kafkaCondition = new Condition(Phase.STARTING, "starting the embedded Kafka broker");
                pipeline = PipelineLifecycle.embedded(s.embeddedBrokerData());
                kafkaCondition = new Condition(Phase.RUNNING, null);
            } else {
                kafkaAddress = s.kafka().bootstrapServers();
                pipeline = awaitKafka(s.kafka());
                if (pipeline == null) {
                    return;
                }
                health = new KafkaHealth(pipeline.kafka());
            }
            kafkaAddress = pipeline.describe();
            this.pipeline = pipeline;
            if (stopping) {
                return;
            }
            if (s.runDetector) {
                detectorCondition = new Condition(Phase.STARTING, "loading the model and starting the detector");
                // the first frames should meet a running detector, not one still joining its group;
                // it has run its model on blank crops first (KeypointModel.warmUp)
                pipeline.startDetector(s.kafka() == null ? atLeastOnce(s.detector()) : s.detector(), s.registry());
                detectorCondition = new Condition(Phase.RUNNING, null);
                if (stopping) {
                    return;
                }
            }
            pipeline.collect(false, k -> k.stream().equals(streamId) && k.capturedAtMicros() >= sinceMicros,
                    s.registry(), r -> {
                        view.keypoints(r);
                        for (KeypointsCollector.Listener l : s.keypointsListeners) {
                            l.onKeypoints(r);
                        }
                    });
            produce(pipeline.kafka());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            if (!stopping) {
                failure.set(e);
                LOG.error("live run failed: {}", e.getMessage());
            }
        } finally {
            source = new Condition(failure.get() != null ? Phase.FAILED : Phase.STOPPED,
                    failure.get() != null ? "live stopped: " + failure.get().getMessage() : null);
            if (health != null) {
                health.close();
            }
            if (pipeline != null) {
                pipeline.close();
            }
            finished.countDown();
        }
    }

    /**
     * The in-process detector's options on the embedded broker: at-least-once rather than
     * exactly-once, unless set otherwise. Nobody but this run reads that broker, and this run reads
     * uncommitted, so transactions buy it nothing; but each exactly-once commit stops the stream
     * thread for several broker round trips, and on a busy machine, where the broker's threads
     * wait for CPU too, those stops were the largest latencies once no backlog of crops built up
     * (docs/live.md, "Where the tail comes from"). An at-least-once commit is one offset commit.
     * A detector on a cluster keeps exactly-once: others read its keypoints committed.
     */
    static KeypointDetector.Options atLeastOnce(KeypointDetector.Options options) {
        if (options.clientConfig().containsKey(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)) {
            return options;
        }
        Map<String, Object> c = new HashMap<>(options.clientConfig());
        c.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        return options.toBuilder().clientConfig(c).build();
    }

    /**
     * Opens the source once before the broker and the detector start (seconds), so that a missing
     * or busy camera is on the page at once; the producer opens it again, and retries, later.
     */
    private void probeSource() {
        try {
            FrameSources.open(s.source()).close();
        } catch (IOException | RuntimeException e) {
            source = new Condition(Phase.RETRYING, e.getMessage());
            LOG.warn("{} (trying again once Kafka and the detector are up)", e.getMessage());
        }
    }

    /** Checks the cluster until it answers and has the topics; null when stopped first. */
    private PipelineLifecycle awaitKafka(KafkaConnection kafka) throws InterruptedException {
        while (!stopping) {
            try {
                PipelineLifecycle p = PipelineLifecycle.cluster(kafka, s.createTopics(), KAFKA_CHECK_TIMEOUT);
                kafkaCondition = new Condition(Phase.RUNNING, null);
                return p;
            } catch (IllegalStateException e) {
                kafkaCondition = new Condition(Phase.RETRYING, e.getMessage());
                LOG.warn("{} (retrying every {} s)", e.getMessage(), RETRY_MILLIS / 1000);
                if (stopRequested.await(RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Runs the producer, again after a failure (camera gone, Kafka down) and, with loop, at a file's end. */
    private void produce(KafkaConnection kafka) throws InterruptedException {
        // live plays files at their own rate whatever the options say
        FaceCropProducer.Options options = s.producerOn(kafka).toBuilder().pace(true).build();
        Counter read = Counter.builder(MetricNames.FRAMES_GRABBED).tag(MetricNames.TAG_STREAM, streamId)
                .register(s.registry());
        boolean first = true;
        while (!stopping) {
            FaceCropProducer p = new FaceCropProducer(options, (frame, crops) -> {
                view.frame(frame, crops);
                for (FaceCropProducer.FrameListener l : s.frameListeners) {
                    l.onFrame(frame, crops);
                }
            }).metrics(s.registry()).colourView(true).cropGate(view::admit).onPublished((crop, at) -> {
                for (FaceCropProducer.PublishListener l : s.publishListeners) {
                    l.onPublished(crop, at);
                }
            });
            producer.set(p);
            if (stopping) {
                return;
            }
            if (!first) {
                view.sourceRestarted();
            }
            first = false;
            source = new Condition(Phase.RUNNING, null);
            try {
                p.run();
            } catch (IOException e) {
                if (stopping) {
                    return;
                }
                source = new Condition(Phase.RETRYING, e.getMessage());
                LOG.warn("{} (retrying every {} s)", e.getMessage(), RETRY_MILLIS / 1000);
                stopRequested.await(RETRY_MILLIS, TimeUnit.MILLISECONDS);
                continue;
            }
            if (stopping) {
                return;
            }
            if (file && !s.loop) {
                framesBeforeEnd = (long) read.count();
                source = new Condition(Phase.ENDED, null);
                stopRequested.await();
                return;
            }
            if (!file) {
                // a camera or stream that ends has gone away: it may come back
                source = new Condition(Phase.RETRYING, "the source stopped delivering frames");
                stopRequested.await(RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The source's condition, e.g. RETRYING with "camera 0 is not available ...". */
    public Condition sourceCondition() {
        return source;
    }

    /** What the page shows about Kafka: the run's own check, then the periodic health check. */
    public Condition kafkaCondition() {
        return kafkaCondition;
    }

    /** The in-process detector's condition; null with an external one. */
    public Condition detectorCondition() {
        Condition c = detectorCondition;
        PipelineLifecycle p = pipeline;
        if (c != null && c.phase() == Phase.RUNNING && p != null && p.detectorFailed()) {
            return new Condition(Phase.FAILED, "the detector stopped (Kafka Streams state " + p.detector().state()
                    + "); see the console log");
        }
        return c;
    }

    String kafkaAddress() {
        return kafkaAddress;
    }

    String source() {
        return s.source();
    }

    boolean external() {
        return !s.runDetector;
    }

    long framesBeforeEnd() {
        return framesBeforeEnd;
    }

    /** Frames the producer dropped because face detection fell behind (newest frame wins). */
    public long framesDropped() {
        Counter c = s.registry().find(MetricNames.FRAMES_DROPPED).tag(MetricNames.TAG_STREAM, streamId).counter();
        return c == null ? 0 : (long) c.count();
    }

    /** Frames read from the source, all rounds of a looping video. */
    public long framesRead() {
        Counter c = s.registry().find(MetricNames.FRAMES_GRABBED).tag(MetricNames.TAG_STREAM, streamId).counter();
        return c == null ? 0 : (long) c.count();
    }

    MeterRegistry registry() {
        return s.registry();
    }

    /** Asks a cluster every few seconds whether it still answers, so the page can say when it does not. */
    private final class KafkaHealth implements AutoCloseable {
        private final Admin admin;
        private final Thread thread;
        private volatile boolean closing;

        KafkaHealth(KafkaConnection kafka) {
            Map<String, Object> c = kafka.clientConfig();
            c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_CHECK_TIMEOUT.toMillis());
            c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_CHECK_TIMEOUT.toMillis());
            admin = Admin.create(c);
            thread = new Thread(this::check, "facestream-live-kafka-check");
            thread.setDaemon(true);
            thread.start();
        }

        private void check() {
            while (!closing) {
                try {
                    admin.describeCluster().nodes().get(KAFKA_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    kafkaCondition = new Condition(Phase.RUNNING, null);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    if (!closing) {
                        kafkaCondition = new Condition(Phase.RETRYING, "Kafka at " + kafkaAddress
                                + " does not answer (" + (e.getCause() != null ? e.getCause() : e) + ")");
                    }
                }
                try {
                    if (stopRequested.await(RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            closing = true;
            thread.interrupt();
            try {
                thread.join(KAFKA_CHECK_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            admin.close(Duration.ofSeconds(2));
        }
    }
}
