package dev.facestream.pipeline;

import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.metrics.MetricNames;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.WireTime;
import dev.facestream.detector.DetectorCounters;
import dev.facestream.detector.KeypointDetector;
import dev.facestream.producer.FaceCropProducer;
import dev.facestream.producer.FrameSources;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One finite run of the whole pipeline in this process: producer, detector and a keypoints
 * collector together, optionally on an embedded broker, with the annotated outputs written as
 * keypoints arrive. What {@code demo} and {@code process} run, and what a benchmark can reuse.
 *
 * <pre>
 *   source --> FaceCropProducer --> face-crops --> KeypointDetector --> keypoints --> KeypointsCollector
 *                 |  |  crops per frame                                                  |
 *                 |  +----------------------> KeypointsByFrame <--------------------------+
 *                 |  decoded colour frames          |
 *                 +--> ColourFrameQueue --> AnnotatedOutput: video + JSONL, frame by frame
 * </pre>
 *
 * The run ends when the source is exhausted and every crop the producer sent has its keypoints
 * (crops sent are counted against keypoints received), or fails when the detector stops, or when
 * nothing arrives for {@link Settings#stallTimeout} while crops are outstanding. Broker, detector
 * and collector come and go with a {@link PipelineLifecycle}.
 */
public final class StreamRun {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRun.class);
    /** Crops kept from the run to measure the bare model with afterwards. */
    private static final int SAMPLE_CROPS = 64;

    /** What to run; see the setters. */
    public static final class Settings extends PipelineSettings<Settings> {
        boolean externalDetector;
        Path videoOut;
        Path jsonlOut;
        double minConfidence;
        boolean produceFirst;
        boolean measureModel = true;
        Duration stallTimeout = Duration.ofSeconds(60);
        Consumer<RunResult> beforeClose = r -> { };

        public Settings() {
            super(null, 16, new SimpleMeterRegistry());
        }

        /** On a cluster: run no detector here, rely on a {@code detect-stream} already running there. */
        public Settings externalDetector(boolean e) {
            externalDetector = e;
            return this;
        }

        /** Faces under this confidence are left out of the annotated video and the JSONL (0: none are). */
        public Settings minConfidence(double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("--min-confidence " + p + ": expected a probability in [0, 1]");
            }
            minConfidence = p;
            return this;
        }

        /** Annotated video and JSONL outputs; either may be null. */
        public Settings outputs(Path video, Path jsonl) {
            videoOut = video;
            jsonlOut = jsonl;
            return this;
        }

        /**
         * Start the detector only after the producer has published everything, so that it runs
         * flat out on a full topic: measures its throughput rather than the producer's.
         */
        public Settings produceFirst(boolean p) {
            produceFirst = p;
            return this;
        }

        /** After the run, measure the bare model at the same batch size (default on). */
        public Settings measureModel(boolean m) {
            measureModel = m;
            return this;
        }

        public Settings stallTimeout(Duration d) {
            stallTimeout = d;
            return this;
        }

        /**
         * Called with the result once the run is complete, while the broker, the detector and
         * the Kafka clients are still open (their meters still registered): a last scrape, a
         * look at the topics.
         */
        public Settings beforeClose(Consumer<RunResult> hook) {
            beforeClose = hook;
            return this;
        }
    }

    private final Settings s;
    private final AtomicReference<FaceCropProducer> producer = new AtomicReference<>();
    private final KeypointsByFrame ledger = new KeypointsByFrame();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean stopped;

    public StreamRun(Settings settings) {
        if (settings.source() == null) {
            throw new IllegalArgumentException("no source to run");
        }
        if (settings.externalDetector && settings.kafka == null) {
            throw new IllegalArgumentException(
                    "an external detector needs --bootstrap-servers (a cluster where one runs)");
        }
        if (settings.videoOut != null && !Files.isRegularFile(Path.of(settings.source()))) {
            // the annotated video is written from the producer's decoded frames, which come in
            // colour from video files (FrameSources.openVideo)
            throw new IllegalArgumentException("an annotated video needs a video file, not "
                    + settings.source() + " (write only the keypoints JSONL for cameras and streams)");
        }
        if (settings.produceFirst && settings.externalDetector) {
            throw new IllegalArgumentException("--produce-first needs the detector of this run, not an external one");
        }
        this.s = settings;
    }

    /** Asks a running {@link #run()} to stop reading the source and finish early (Ctrl-C). */
    public void stop() {
        stopped = true;
        FaceCropProducer p = producer.get();
        if (p != null) {
            p.stop();
        }
    }

    /** Runs to the end; see the class comment. A StreamRun runs once. */
    public RunResult run() throws Exception {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a StreamRun runs once; make a new one");
        }
        long startNanos = System.nanoTime();
        long sinceMicros = WireTime.nowMicros();
        String streamId = s.producer.streamId();
        // the producer's decoded frames on their way to the annotated video (null without one)
        ColourFrameQueue colour = s.videoOut != null ? new ColourFrameQueue(ColourFrameQueue.DEFAULT_MAX_BYTES) : null;
        // open the source once first: a wrong path should fail in a second, not after the
        // broker and the detector have started
        FrameSources.open(s.source()).close();
        try (PipelineLifecycle pipeline = PipelineLifecycle.connect(s.kafka, s.embeddedBrokerData, s.createTopics,
                Duration.ofSeconds(30));
             Writer writer = new Writer(colour);
             Producing producing = new Producing(colour)) {
            if (!s.produceFirst && !s.externalDetector) {
                pipeline.startDetector(s.detector, s.registry);
            }
            Stages stages = new Stages();
            // the run's own records: its stream, captured since it started (a cluster may hold
            // older runs of the same stream id)
            KeypointsCollector collector = pipeline.collect(true,
                    k -> k.stream().equals(streamId) && k.capturedAtMicros() >= sinceMicros, s.registry, r -> {
                        stages.received(r);
                        ledger.received(r);
                    });
            writer.start();
            producing.start(s.producerOn(pipeline.kafka()), stages);
            supervise(pipeline, collector, writer, producing);
            return result(pipeline, writer, producing, stages, streamId, startNanos);
        }
    }

    /** Watches every part until the run is complete, or one of them fails. */
    private void supervise(PipelineLifecycle pipeline, KeypointsCollector collector, Writer writer,
            Producing producing) throws Exception {
        long stopGraceDeadline = Long.MAX_VALUE;
        while (true) {
            boolean complete = ledger.awaitComplete(200);
            if (complete && writer.alive()) {
                // every keypoint is in and the writer is on its last frames: wait for it here
                // (awaitComplete returns at once now; looping on it took a core from the writer)
                writer.thread.join(200);
            }
            if (complete && !writer.alive()) {
                return;
            }
            fail("cannot read the source: ", producing.error.get());
            fail("cannot write the outputs: ", writer.error.get());
            fail("keypoints collector failed: ", collector.error());
            boolean produced = producing.stats.get() != null;
            if (produced && s.produceFirst && pipeline.detector() == null) {
                pipeline.startDetector(s.detector, s.registry);
            }
            if (produced && !s.produceFirst && pipeline.detector() != null) {
                // the producer has sent its last crop: the detector need not wait for more to
                // fill its last batch (with --produce-first it measures full batches: no).
                // Saying it again is harmless.
                pipeline.detector().inputEnded();
            }
            if (pipeline.detectorFailed()) {
                fail("", new IllegalStateException("the detector stopped (state " + pipeline.detector().state()
                        + "); see its log above"));
            }
            KeypointsByFrame.Counts counts = ledger.counts();
            if (!complete && counts.idleNanos() > s.stallTimeout.toNanos() && produced) {
                fail("", new IllegalStateException("no keypoints for " + s.stallTimeout.toSeconds()
                        + " s while " + (counts.expected() - counts.received()) + " of "
                        + counts.expected() + " crops are outstanding"
                        + (s.externalDetector ? "; is a detector (detect-stream) running on "
                                + pipeline.kafka().bootstrapServers() + "?" : "")));
            }
            if (stopped && produced) {
                // Ctrl-C: give the crops already sent a few seconds, then give up on them
                stopGraceDeadline = Math.min(stopGraceDeadline, System.nanoTime() + 5_000_000_000L);
                if (System.nanoTime() > stopGraceDeadline) {
                    ledger.fail(new IllegalStateException("stopped"));
                    return;
                }
            }
        }
    }

    /** The run's figures, once it is complete; handed to {@link Settings#beforeClose} while everything is still open. */
    private RunResult result(PipelineLifecycle pipeline, Writer writer, Producing producing, Stages stages,
            String streamId, long startNanos) throws Exception {
        long endNanos = System.nanoTime();
        long endMicros = WireTime.nowMicros();
        writer.join(stopped);
        FaceCropProducer.Stats st = producing.stats.get();
        long received = ledger.counts().received();
        LOG.info("run complete: {} frames, {} crops sent, {} keypoints received", st.framesRead(),
                st.cropsPublished(), received);
        KeypointDetector detector = pipeline.detector();
        int batchSize = s.detector.maxBatch();
        double rawCropsPerSecond = Double.NaN;
        if (s.measureModel && detector != null && !producing.sample.isEmpty() && !stopped) {
            rawCropsPerSecond = ModelThroughput.cropsPerSecond(detector.model(), producing.sample, batchSize, 3000,
                    10);
        }
        DetectorCounters dc = detector != null ? detector.counters() : null;
        long firstFrame = producing.firstFrameMicros.get();
        RunResult result = new RunResult(streamId, s.source(),
                detector != null ? detector.model().metadata().modelVersion() : null,
                detector != null ? detector.model().deviceName() : null, s.producer.pace(), st.framesRead(),
                st.framesProcessed(), st.framesDropped(), st.framesSkipped(), writer.framesWritten.get(),
                st.cropsPublished(), received, dc != null ? dc.deadLettered() : 0,
                // the streaming window starts when the first frame is read (after the producer
                // has opened the source and loaded its face detector, which count as start-up
                // like the broker and the detector do): frames dropped or slow from there on
                // count against it
                firstFrame > 0 ? endMicros - firstFrame : 0,
                endNanos - startNanos, stages.captureToProduced, stages.producedToKeypoints, stages.endToEnd,
                dc != null ? dc.keypoints() : 0, dc != null ? dc.batches() : 0,
                dc != null ? dc.inferenceNanos() : 0, dc != null ? dc.activeNanos() : 0, batchSize,
                rawCropsPerSecond, s.produceFirst, s.videoOut, s.jsonlOut);
        s.beforeClose.accept(result);
        return result;
    }

    private void fail(String what, Throwable e) {
        if (e != null) {
            IllegalStateException failure = new IllegalStateException(what + e.getMessage(), e);
            ledger.fail(failure);
            throw failure;
        }
    }

    /** The thread that writes the annotated outputs frame by frame as their keypoints come (none without outputs). */
    private final class Writer implements AutoCloseable {
        final ColourFrameQueue colour;
        final AtomicLong framesWritten = new AtomicLong(-1);
        final AtomicReference<Throwable> error = new AtomicReference<>();
        Thread thread;

        Writer(ColourFrameQueue colour) {
            this.colour = colour;
        }

        void start() {
            if (s.videoOut == null && s.jsonlOut == null) {
                return;
            }
            Counter written = Counter.builder(MetricNames.FRAMES_WRITTEN)
                    .description("frames written to the annotated outputs of demo and process")
                    .register(s.registry);
            thread = new Thread(() -> {
                try {
                    framesWritten.set(AnnotatedOutput.write(colour, s.videoOut, s.jsonlOut, ledger, written,
                            s.minConfidence));
                } catch (Throwable e) {
                    error.set(e);
                    if (colour != null) {
                        colour.close();   // a producer waiting on a full queue carries on and ends
                    }
                }
            }, "facestream-writer");
            thread.setDaemon(true);
            thread.start();
        }

        boolean alive() {
            return thread != null && thread.isAlive();
        }

        /** Waits for the last frame; a write error fails the run unless it was stopped. */
        void join(boolean stoppedEarly) throws Exception {
            if (thread != null) {
                thread.join();
                if (error.get() != null && !stoppedEarly) {
                    throw new IOException("cannot write the outputs: " + error.get().getMessage(), error.get());
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (alive()) {
                thread.interrupt();
                thread.join();
            }
        }
    }

    /** The producer on its own thread, with what the run keeps of it: stats, error, first frame, sample crops. */
    private final class Producing implements AutoCloseable {
        final ColourFrameQueue colour;
        final AtomicReference<FaceCropProducer.Stats> stats = new AtomicReference<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final AtomicLong firstFrameMicros = new AtomicLong();
        final List<GrayImage> sample = Collections.synchronizedList(new ArrayList<>());
        Thread thread;

        Producing(ColourFrameQueue colour) {
            this.colour = colour;
        }

        void start(FaceCropProducer.Options options, Stages stages) {
            FaceCropProducer p = new FaceCropProducer(options, (frame, crops) -> {
                firstFrameMicros.compareAndSet(0, frame.capturedAtMicros());
                ledger.expect(frame.number(), crops.size());
                for (FaceCropRecord c : crops) {
                    if (sample.size() < SAMPLE_CROPS) {
                        sample.add(c.crop());
                    }
                }
            }).metrics(s.registry).onPublished(stages::published).colourFrames(colour);
            producer.set(p);
            if (stopped) {
                p.stop();
            }
            thread = new Thread(() -> {
                try {
                    FaceCropProducer.Stats st = p.run();
                    stats.set(st);
                    ledger.producerDone(st.framesRead());
                } catch (Throwable e) {
                    error.set(e);
                    ledger.fail(e);
                } finally {
                    if (colour != null) {
                        colour.close();
                    }
                }
            }, "facestream-produce");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            FaceCropProducer p = producer.get();
            if (p != null) {
                p.stop();
            }
            if (colour != null) {
                colour.close();
            }
            if (thread != null) {
                thread.join();
            }
        }
    }

    /** Per-crop stage latencies, joined on (frame, face) between the producer's acks and the collector. */
    private static final class Stages {
        final LatencyStats captureToProduced = new LatencyStats();
        final LatencyStats producedToKeypoints = new LatencyStats();
        final LatencyStats endToEnd = new LatencyStats();
        private final Map<Long, Map<Integer, Long>> acked = new HashMap<>();
        private final Map<Long, Map<Integer, Long>> receivedFirst = new HashMap<>();

        synchronized void published(FaceCropRecord c, long ackedAtMicros) {
            captureToProduced.add(ackedAtMicros - c.capturedAtMicros());
            Long got = take(receivedFirst, c.frame(), c.face());
            if (got != null) {
                // keypoints overtook the producer's ack callback: rare, but the join is symmetric
                producedToKeypoints.add(got - ackedAtMicros);
            } else {
                acked.computeIfAbsent(c.frame(), f -> new HashMap<>()).put(c.face(), ackedAtMicros);
            }
        }

        synchronized void received(KeypointsCollector.Received r) {
            endToEnd.add(r.latencyMicros());
            Long ack = take(acked, r.record().frame(), r.record().face());
            if (ack != null) {
                producedToKeypoints.add(r.receivedAtMicros() - ack);
            } else {
                receivedFirst.computeIfAbsent(r.record().frame(), f -> new HashMap<>())
                        .put(r.record().face(), r.receivedAtMicros());
            }
        }

        private static Long take(Map<Long, Map<Integer, Long>> m, long frame, int face) {
            Map<Integer, Long> faces = m.get(frame);
            if (faces == null) {
                return null;
            }
            Long v = faces.remove(face);
            if (faces.isEmpty()) {
                m.remove(frame);
            }
            return v;
        }
    }
}
