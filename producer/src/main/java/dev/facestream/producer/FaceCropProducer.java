package dev.facestream.producer;

import dev.facestream.face.FaceDetector;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one source to its end (or until {@link #stop()}): frames are read on a reader thread,
 * faces are detected, tracked, cropped and published on the calling thread.
 */
public final class FaceCropProducer {
    private static final Logger LOG = LoggerFactory.getLogger(FaceCropProducer.class);

    /**
     * What to run.
     *
     * @param source          camera index, folder, file or URL (see {@link FrameSources#open})
     * @param streamId        Kafka key and {@code stream} of every record
     * @param bootstrapServers Kafka to publish to
     * @param topic           normally {@link Topics#FACE_CROPS}
     * @param pace            play files at real time (ignored for live sources, which pace themselves)
     * @param fps             keep at most this many frames per second; 0 keeps all
     * @param maxFrames       stop after this many source frames; 0 for no limit
     * @param queueCapacity   frames waiting for detection; when full a paced or live source drops its oldest
     * @param clientConfig    extra Kafka producer properties (security, ...), over facestream's defaults
     * @param detectWidth     face detection width (see {@link FaceCropper}); 0 for full resolution
     * @param detectEvery     run the face detector on every n-th frame, 1 on all (see {@link FaceCropper})
     */
    public record Options(String source, String streamId, String bootstrapServers, String topic, boolean pace,
            double fps, long maxFrames, int queueCapacity, Map<String, Object> clientConfig, int detectWidth,
            int detectEvery) {
        public Options {
            clientConfig = Map.copyOf(clientConfig);
            if (detectEvery < 1) {
                throw new IllegalArgumentException("faces are detected every n-th frame, n >= 1, got " + detectEvery);
            }
        }

        /**
         * A builder with the defaults: stream id from the source's name, {@link Topics#FACE_CROPS},
         * paced, all frames, no frame limit, two frames queued, no extra client properties, the face
         * detector's default width, faces detected on every frame.
         */
        public static Builder builder(String source, String bootstrapServers) {
            return new Builder(source, bootstrapServers);
        }

        /** A builder that starts from these options. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Options built one field at a time; {@link #build()} checks them. */
        public static final class Builder {
            private String source;
            private String streamId;
            private String bootstrapServers;
            private String topic = Topics.FACE_CROPS;
            private boolean pace = true;
            private double fps;
            private long maxFrames;
            private int queueCapacity = 2;
            private Map<String, Object> clientConfig = Map.of();
            private int detectWidth = FaceDetector.DEFAULT_DETECT_WIDTH;
            private int detectEvery = 1;

            private Builder(String source, String bootstrapServers) {
                this.source = source;
                this.bootstrapServers = bootstrapServers;
            }

            private Builder(Options o) {
                source = o.source;
                streamId = o.streamId;
                bootstrapServers = o.bootstrapServers;
                topic = o.topic;
                pace = o.pace;
                fps = o.fps;
                maxFrames = o.maxFrames;
                queueCapacity = o.queueCapacity;
                clientConfig = o.clientConfig;
                detectWidth = o.detectWidth;
                detectEvery = o.detectEvery;
            }

            public Builder source(String s) {
                source = s;
                return this;
            }

            /** Null (default): derived from the source, see {@link FrameSources#defaultStreamId}. */
            public Builder streamId(String s) {
                streamId = s;
                return this;
            }

            public Builder bootstrapServers(String b) {
                bootstrapServers = b;
                return this;
            }

            public Builder topic(String t) {
                topic = t;
                return this;
            }

            public Builder pace(boolean p) {
                pace = p;
                return this;
            }

            public Builder fps(double f) {
                fps = f;
                return this;
            }

            public Builder maxFrames(long m) {
                maxFrames = m;
                return this;
            }

            public Builder queueCapacity(int q) {
                queueCapacity = q;
                return this;
            }

            public Builder clientConfig(Map<String, Object> c) {
                clientConfig = c;
                return this;
            }

            public Builder detectWidth(int w) {
                detectWidth = w;
                return this;
            }

            public Builder detectEvery(int n) {
                detectEvery = n;
                return this;
            }

            public Options build() {
                String id = streamId != null || source == null ? streamId : FrameSources.defaultStreamId(source);
                return new Options(source, id,
                        bootstrapServers, topic, pace, fps, maxFrames, queueCapacity, clientConfig, detectWidth,
                        detectEvery);
            }
        }
    }

    /**
     * What happened.
     *
     * @param framesRead     frames read from the source
     * @param framesSkipped  frames left out by {@code --fps}
     * @param framesDropped  frames dropped because detection fell behind (newest frame wins)
     * @param framesProcessed frames that went through face detection
     * @param cropsPublished face crops acknowledged by Kafka
     */
    public record Stats(long framesRead, long framesSkipped, long framesDropped, long framesProcessed,
            long cropsPublished) {
    }

    /**
     * Called on the processing thread for every processed frame, after its crops were handed to
     * Kafka (the demo and {@code process} learn from it how many keypoints each frame will get),
     * or withheld by the {@link CropGate}, which then knows it sent none.
     */
    public interface FrameListener {
        void onFrame(CapturedFrame frame, List<FaceCropRecord> crops);
    }

    /**
     * Decides on the processing thread, for every processed frame with faces, whether its crops
     * go to Kafka. A live viewer withholds them while the detector has not answered the frames
     * before, so that no backlog builds up in the topic and a late crop costs the detector nothing
     * (newest wins, docs/live.md); the frame still reaches the {@link FrameListener}, with the
     * crops it was not sent with.
     */
    @FunctionalInterface
    public interface CropGate {
        /** Sends every frame's crops: what batch work and {@code produce} do. */
        CropGate ALL = (frame, crops) -> true;

        boolean admit(CapturedFrame frame, List<FaceCropRecord> crops);
    }

    /** Called on the Kafka producer's I/O thread when Kafka acknowledged a crop. */
    public interface PublishListener {
        void onPublished(FaceCropRecord crop, long ackedAtMicros);
    }

    private final Options options;
    private final FrameListener listener;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private PublishListener publishListener = (c, t) -> { };
    private ColourFrame.Sink colourFrames;
    private boolean colourView;
    private CropGate cropGate = CropGate.ALL;
    private MeterRegistry registry = new SimpleMeterRegistry();

    public FaceCropProducer(Options options) {
        this(options, (f, c) -> { });
    }

    public FaceCropProducer(Options options, FrameListener listener) {
        this.options = options;
        this.listener = listener;
    }

    /** Where the producer records its meters (default: a private registry nobody reads). */
    public FaceCropProducer metrics(MeterRegistry meterRegistry) {
        this.registry = meterRegistry;
        return this;
    }

    /** Who hears about each acknowledged crop (per-crop latency in the demo). */
    public FaceCropProducer onPublished(PublishListener l) {
        this.publishListener = l;
        return this;
    }

    /**
     * Who receives every frame of a video source in colour, in order, including those that
     * {@code --fps} skips or a full queue drops (the annotated video has every frame). Only for
     * video files and URLs; the source waits while the sink blocks.
     */
    public FaceCropProducer colourFrames(ColourFrame.Sink sink) {
        this.colourFrames = sink;
        return this;
    }

    /**
     * Whether each frame carries its colour picture ({@link CapturedFrame#colour()}) for a viewer;
     * the crops are the same either way. Any source.
     */
    public FaceCropProducer colourView(boolean keep) {
        this.colourView = keep;
        return this;
    }

    /** Who decides whether a frame's crops are sent (default {@link CropGate#ALL}). */
    public FaceCropProducer cropGate(CropGate gate) {
        this.cropGate = gate;
        return this;
    }

    /** Asks a running {@link #run()} to finish after the current frame. */
    public void stop() {
        stopped.set(true);
    }

    public Stats run() throws IOException, InterruptedException {
        try (FrameSource source = colourFrames == null ? FrameSources.open(options.source(), colourView)
                : FrameSources.openVideo(options.source(), colourFrames)) {
            boolean paced = options.pace() && !source.live();
            boolean live = source.live() || paced;
            try (Producer<String, byte[]> producer = new KafkaProducer<>(
                    ProducerSettings.of(options.bootstrapServers(), live, options.clientConfig()));
                 KafkaClientMetrics kafkaMetrics = new KafkaClientMetrics(producer)) {
                kafkaMetrics.bindTo(registry);
                return run(source, producer, live, paced);
            }
        }
    }

    Stats run(FrameSource source, Producer<String, byte[]> producer, boolean live, boolean paced)
            throws IOException, InterruptedException {
        // the face detector loads before the first frame is read: a live source would otherwise
        // drop the frames that arrive while it loads
        try (FaceCropper cropper = new FaceCropper(options.streamId(), FaceDetector.create(),
                options.detectWidth(), options.detectEvery())) {
            return run(source, producer, live, paced, cropper);
        }
    }

    private Stats run(FrameSource source, Producer<String, byte[]> producer, boolean live, boolean paced,
            FaceCropper cropper) throws IOException, InterruptedException {
        LOG.info("producing {} as stream '{}' to {} ({}; faces detected {})", source.describe(), options.streamId(),
                options.topic(), live ? "live: newest frame wins" : "batch: every frame",
                options.detectEvery() == 1 ? "on every frame" : "every " + options.detectEvery() + " frames");
        ProducerMeters meters = new ProducerMeters(registry, options.streamId());
        LatestFrameQueue queue = new LatestFrameQueue(options.queueCapacity(), live);
        AtomicLong read = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        AtomicReference<Throwable> readerError = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            FrameSampler sampler = new FrameSampler(options.fps());
            Pacer pacer = new Pacer(paced);
            try {
                CapturedFrame f;
                while (!stopped.get() && (options.maxFrames() <= 0 || read.get() < options.maxFrames())
                        && (f = source.next()) != null) {
                    read.incrementAndGet();
                    meters.grabbed.increment();
                    if (!sampler.keep(f.mediaTimeMicros())) {
                        skipped.incrementAndGet();
                        meters.skipped.increment();
                        continue;
                    }
                    pacer.await(f.mediaTimeMicros());
                    if (paced) {
                        // a paced file stands in for a camera, which delivers a frame when it is
                        // due: that is its capture time, not when it was decoded ahead of it
                        f = f.capturedAt(FrameSource.nowMicros());
                    }
                    if (queue.put(f)) {
                        meters.dropped.increment();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                readerError.set(e);
            } finally {
                queue.close();
            }
        }, "facestream-reader");
        reader.setDaemon(true);
        reader.start();

        AtomicLong acked = new AtomicLong();
        AtomicReference<IOException> sendError = new AtomicReference<>();
        long processed = 0;
        CatchUp catchUp = new CatchUp(live);
        try {
            CapturedFrame f;
            while ((f = queue.take()) != null && sendError.get() == null) {
                long t0 = System.nanoTime();
                boolean skip = catchUp.skipDetection(f, FrameSource.nowMicros(), queue.dropped());
                List<FaceCropRecord> crops = cropper.crops(f, skip);
                meters.faceDetection.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                if (skip && cropper.reusedFaces()) {
                    meters.detectionsSkipped.increment();
                }
                meters.faces.increment(crops.size());
                boolean send = crops.isEmpty() || cropGate.admit(f, crops);
                if (!send) {
                    meters.withheld.increment(crops.size());
                }
                for (FaceCropRecord c : send ? crops : List.<FaceCropRecord>of()) {
                    // the record timestamp is the capture time, so Kafka's time index and the
                    // detector's output timestamps both mean "when the frame was taken"
                    byte[] value = c.encode();
                    producer.send(new ProducerRecord<>(options.topic(), null, c.capturedAtMicros() / 1000,
                            options.streamId(), value), (meta, e) -> {
                                if (e != null) {
                                    meters.failed.increment();
                                    // which crop, and how big: a size limit names itself this way
                                    sendError.compareAndSet(null, new IOException("cannot publish the crop of"
                                            + " stream '" + c.streamId() + "' frame " + c.frame() + " face " + c.face()
                                            + " (" + value.length + " bytes) to " + options.topic() + ": "
                                            + e.getMessage(), e));
                                } else {
                                    long now = FrameSource.nowMicros();
                                    acked.incrementAndGet();
                                    meters.sent.increment();
                                    meters.publishLatency.record(now - c.capturedAtMicros(), TimeUnit.MICROSECONDS);
                                    publishListener.onPublished(c, now);
                                }
                            });
                }
                processed++;
                meters.processed.increment();
                listener.onFrame(f, crops);
            }
        } finally {
            stop();
            queue.close();
            reader.interrupt();
            reader.join();
            producer.flush();
        }
        if (readerError.get() != null) {
            Throwable e = readerError.get();
            throw e instanceof IOException io ? io : new IOException(source.describe() + ": " + e, e);
        }
        if (sendError.get() != null) {
            throw sendError.get();
        }
        Stats s = new Stats(read.get(), skipped.get(), queue.dropped(), processed, acked.get());
        LOG.info("{}: {} frames read, {} skipped by --fps, {} dropped (detection behind), {} crops published",
                source.describe(), s.framesRead(), s.framesSkipped(), s.framesDropped(), s.cropsPublished());
        return s;
    }

    /** Producer settings, exposed for tools that publish crops themselves. */
    public static Map<String, Object> producerConfig(String bootstrapServers, boolean live,
            Map<String, ?> clientConfig) {
        return ProducerSettings.of(bootstrapServers, live, clientConfig);
    }
}
