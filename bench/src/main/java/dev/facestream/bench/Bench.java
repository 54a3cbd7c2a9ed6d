package dev.facestream.bench;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.face.FaceDetector;
import dev.facestream.model.KeypointModel;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.core.wire.WireTime;
import dev.facestream.detector.DetectorCounters;
import dev.facestream.detector.KeypointDetector;
import dev.facestream.producer.FaceCropProducer;
import dev.facestream.pipeline.LatencyStats;
import dev.facestream.pipeline.ModelThroughput;
import dev.facestream.pipeline.RunResult;
import dev.facestream.pipeline.Samples;
import dev.facestream.pipeline.PipelineLifecycle;
import dev.facestream.pipeline.StreamRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;

/**
 * {@code facestream bench}: the speed of every layer, measured in one run on one machine, so the
 * figures can be compared with each other:
 *
 * <ol>
 *   <li>the keypoint model straight through DJL: batch-1 latency and batch throughput;</li>
 *   <li>the face detector alone on 640x480 frames;</li>
 *   <li>the detector stream on the embedded broker, its input topic filled before it starts, and
 *       its throughput as a share of (1) at the same batch size;</li>
 *   <li>{@code live} on a 640x480, 30 fps clip paced in real time: end-to-end latency and where it
 *       goes, stage by stage;</li>
 *   <li>{@code process} on the sample video: frames per second, and that against real time and
 *       against the ceiling the CPU time of its parts, each measured alone, allows ({@link FrameCost});</li>
 *   <li>keypoint jitter on the talking-head sample ({@link Jitter}).</li>
 * </ol>
 *
 * Part (4) also measures the floor of live latency (the model's and the face detector's p50 from
 * (1) and (2), and two Kafka round trips on its broker), and runs a second window while the bench
 * keeps one core busy ({@link FixedLoad}). The targets are ratios to these limits.
 *
 * Everything runs in this JVM, one part after the other, each with its own broker where it needs
 * one. Short mode takes a few seconds per part: for tests, its figures are not for quoting.
 */
public final class Bench {
    /** The live clip's size and rate: a common webcam mode. */
    static final int LIVE_WIDTH = 640;
    static final int LIVE_HEIGHT = 480;
    static final double LIVE_FPS = 30;

    /**
     * How long each part of a bench run measures: {@link Settings#full} or {@link Settings#quick}.
     *
     * @param mode              the budget's name in the report, "full" or "short"
     * @param liveOverlayWaitMs how long a live frame waits for its keypoints
     * @param roundTrips        Kafka round trips timed for {@code live.floor_ms}
     * @param costFrames        frames each part of the ceiling is timed on
     * @param jitterFrames      frames of the talking clip the jitter is measured on, at most
     */
    record Budget(String mode, Duration modelTime, Duration detectorTime, double streamSeconds, int minStreamCrops,
            Duration liveWarmUp, Duration liveDuration, long liveOverlayWaitMs, int roundTrips, int costFrames,
            int jitterFrames) {
    }

    /** What to run; {@link #full} and {@link #quick} set the durations. */
    public static final class Settings {
        int inferenceThreads;
        /** Every detector of (1), (3) and (5): model, batching, application id, Kafka Streams properties. */
        KeypointDetector.Options detector = KeypointDetector.Options.builder(Path.of("models", "default"))
                .maxBatch(32).maxWait(Duration.ofMillis(200)).build();
        /** The detector of the live part (4). */
        KeypointDetector.Options liveDetector = KeypointDetector.Options.builder(Path.of("models", "default"))
                .maxBatch(1).build();
        Path video;
        String command = "";

        /** How long each part runs, and the name of that choice in the report. */
        final Budget budget;

        private Settings(Budget budget) {
            this.budget = budget;
        }

        /** The real measurement: seconds per part, enough samples for a p99; live's own overlay wait. */
        public static Settings full() {
            return new Settings(new Budget("full", Duration.ofSeconds(8), Duration.ofSeconds(5), 20, 1000,
                    Duration.ofSeconds(3), Duration.ofSeconds(40), 100, 200, 300, 100_000));
        }

        /**
         * A few seconds per part, on the bundled clip unless a video is given: proves the machinery, not the speed.
         * The overlay waits longer than live's 100 ms: on a loaded test machine frames shown without their own
         * keypoints would leave the overlay stage without samples.
         */
        public static Settings quick() {
            return new Settings(new Budget("short", Duration.ofMillis(500), Duration.ofMillis(500), 0, 128,
                    Duration.ofSeconds(1), Duration.ofSeconds(4), 1000, 30, 30, 60));
        }

        /** Recorded in the report only: the caller sets PyTorch's threads before the engine starts. */
        public Settings inferenceThreads(int n) {
            inferenceThreads = n;
            return this;
        }

        /**
         * The detector of (1), (3) and (5): its model, batch and max wait, Kafka Streams threads and
         * properties (e.g. {@code commit.interval.ms}); the application id only names the group (each
         * part has a broker of its own).
         */
        public Settings detector(KeypointDetector.Options options) {
            detector = options;
            return this;
        }

        /** The detector of the live part: {@code live}'s own defaults, as a user gets them. */
        public Settings liveDetector(KeypointDetector.Options options) {
            liveDetector = options;
            return this;
        }

        /** The sample video; null: the shared webcam sample (full) or the bundled clip (short). */
        public Settings video(Path v) {
            video = v;
            return this;
        }

        /** The command line, for the report. */
        public Settings command(String c) {
            command = c;
            return this;
        }
    }

    private Bench() {
    }

    /** Runs the five parts; progress goes to {@code log}. */
    public static BenchReport run(Settings s, PrintWriter log) throws Exception {
        MachineInfo.Probe machine = new MachineInfo.Probe();
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        long t0 = System.nanoTime();
        Path video = s.video != null ? s.video : defaultVideo(!"full".equals(s.budget.mode()));
        String videoName = s.video == null && !video.equals(BenchClips.sharedWebcamSample())
                ? Samples.DEMO_VIDEO + " (bundled)" : video.getFileName().toString();
        if (!Files.isRegularFile(video)) {
            throw new IOException("video " + video + ": no such file");
        }
        Path work = Files.createTempDirectory("facestream-bench");
        try {
            log.printf(Locale.ROOT, "bench (%s): preparing a %dx%d %.0f fps copy of %s%n", s.budget.mode(), LIVE_WIDTH,
                    LIVE_HEIGHT, LIVE_FPS, videoName);
            log.flush();
            Path clip = work.resolve("live-" + LIVE_WIDTH + "x" + LIVE_HEIGHT + ".mp4");
            long clipFrames = saveClip(video, clip);
            String preparedAs = String.format(Locale.ROOT, "%dx%d %.0f fps", LIVE_WIDTH, LIVE_HEIGHT, LIVE_FPS);
            List<FaceCropRecord> crops = BenchClips.crops(clip, 64);

            log.println("bench (1/6): the model alone");
            log.flush();
            String[] modelInfo = new String[2];
            BenchReport.RawModel raw = rawModel(s, crops, modelInfo);

            log.println("bench (2/6): the face detector alone");
            log.flush();
            BenchReport.FaceDetectorTimes faces = faceDetector(s, BenchClips.grayFrames(clip, 60));

            log.println("bench (3/6): the detector stream on a filled topic");
            log.flush();
            BenchReport.DetectorStream stream = detectorStream(s, crops, raw.facesPerSecond(), work);

            log.println("bench (4/6): Kafka round trips, then live paced in real time, idle and with one core kept"
                    + " busy");
            log.flush();
            LiveBench.Result lives = LiveBench.run(s, clip, videoName + ", scaled to cover " + LIVE_WIDTH + "x"
                    + LIVE_HEIGHT + " and centre-cropped, at " + (int) LIVE_FPS + " fps: " + clipFrames
                    + " frames, looped", preparedAs, LIVE_FPS, raw, faces, crops.get(0).encode());
            BenchReport.Live live = lives.live();
            BenchReport.LiveContended contended = lives.contended();

            log.println("bench (5/6): process, as fast as it goes, and the CPU time of its parts alone");
            log.flush();
            // on the 640x480 copy: the target is stated for 640x480 video with one face
            BenchReport.Batch batch = batch(s, clip, videoName + ", as " + preparedAs + " (the copy (4) plays)", work);

            log.println("bench (6/6): keypoint jitter on the talking clip");
            log.flush();
            BenchReport.JitterFigures jitter = jitter(s, video, videoName);

            return new BenchReport(BenchReport.FORMAT, s.budget.mode(), startedAt, s.command,
                    (System.nanoTime() - t0) / 1e9,
                    machine.finish(), new BenchReport.Model(s.detector.modelDir().toString(), modelInfo[0],
                            modelInfo[1], s.inferenceThreads, s.detector.maxBatch(),
                            commitIntervalMs(s.detector.clientConfig())),
                    raw, faces, stream, live, contended, batch, jitter, targets(stream, live, contended, batch));
        } finally {
            Utils.delete(work.toFile());
        }
    }

    /**
     * The targets, each a ratio to a limit measured in the same run (issue 17): absolute
     * figures say more about the machine than about the code.
     */
    static List<BenchReport.Target> targets(BenchReport.DetectorStream stream, BenchReport.Live live,
            BenchReport.LiveContended contended, BenchReport.Batch batch) {
        return List.of(
                BenchReport.Target.atLeast("stream >= 90 % of raw", stream.ratioToRaw(), "share", 0.9),
                BenchReport.Target.atMost("live p50 <= 1.25x floor", live.p50OverFloor(), "ratio", 1.25),
                BenchReport.Target.atMost("live p99 <= 2x live p50", live.p99OverP50(), "ratio", 2),
                BenchReport.Target.atMost("contended p99 <= 3x idle p50", contended.p99OverIdleP50(), "ratio", 3),
                BenchReport.Target.atLeast("contended frames shown >= 90 %", contended.shareShown(), "share", 0.9),
                BenchReport.Target.atLeast("process >= 75 % of ceiling", batch.shareOfCeiling(), "share", 0.75));
    }

    /**
     * Part (6): jitter on the shared talking-head sample when there is one (full mode), else on the
     * bench's video; the first frames only in short mode.
     */
    private static BenchReport.JitterFigures jitter(Settings s, Path video, String videoName) throws IOException {
        boolean full = "full".equals(s.budget.mode());
        Path clip = full && BenchClips.sharedWebcamSample() != null ? BenchClips.sharedWebcamSample() : video;
        String name = clip.equals(video) ? videoName : clip.getFileName().toString();
        try (KeypointModel model = KeypointModel.load(s.detector.modelDir(), s.detector.device())) {
            Jitter.Result r = Jitter.onVideo(clip, model, s.budget.jitterFrames());
            Map<String, BenchReport.Spread> per = new java.util.LinkedHashMap<>();
            for (dev.facestream.core.keypoints.Keypoint k : dev.facestream.core.keypoints.Keypoint.all()) {
                double[] v = r.perKeypoint().get(k.ordinal());
                per.put(k.key(), new BenchReport.Spread(v[0], v[1]));
            }
            return new BenchReport.JitterFigures(name + ", as decoded (" + r.frames() + " frames)",
                    "96x96 crop px (Kaggle-equivalent)", Jitter.WINDOW, r.frames(), r.framesCentred(), r.medianPx(),
                    r.p90Px(), per);
        }
    }

    /** The exactly-once commit interval these detector properties set; Kafka Streams' 100 ms if none. */
    static long commitIntervalMs(Map<String, Object> props) {
        Object v = props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        return v == null ? 100 : Long.parseLong(v.toString());
    }

    /** Part (1): back-to-back forward passes on real crops, same loaded model and device as the detector uses. */
    static BenchReport.RawModel rawModel(Settings s, List<FaceCropRecord> crops, String[] info)
            throws IOException {
        List<GrayImage> images = crops.stream().map(FaceCropRecord::crop).toList();
        try (KeypointModel model = KeypointModel.load(s.detector.modelDir(), s.detector.device())) {
            info[0] = model.metadata().modelVersion();
            info[1] = model.deviceName();
            LatencyStats single = new LatencyStats();
            try (Predictor<List<GrayImage>, List<CropKeypoints>> p = model.newPredictor()) {
                for (int i = 0; i < 10; i++) {
                    p.predict(List.of(images.get(i % images.size())));
                }
                long deadline = System.nanoTime() + s.budget.modelTime().toNanos();
                for (int i = 0; i < 50 || System.nanoTime() < deadline; i++) {
                    long t = System.nanoTime();
                    p.predict(List.of(images.get(i % images.size())));
                    single.add((System.nanoTime() - t) / 1000);
                }
            } catch (TranslateException e) {
                throw new IllegalStateException("the keypoint model failed on a single crop: " + e.getMessage(), e);
            }
            int batch = s.detector.maxBatch();
            double batched = ModelThroughput.cropsPerSecond(model, images, batch, s.budget.modelTime().toMillis(), 10);
            return new BenchReport.RawModel(BenchReport.Percentiles.of(single), 1000.0 / single.meanMillis(),
                    batch, batched);
        }
    }

    /** Part (2): face detection on the live clip's frames, at full resolution and at the producer's width. */
    private static BenchReport.FaceDetectorTimes faceDetector(Settings s, List<GrayImage> frames) {
        try (FaceDetector detector = FaceDetector.create()) {
            LatencyStats full = time(detector.withDetectWidth(0), frames, s.budget.detectorTime());
            LatencyStats shrunk = time(detector.withDetectWidth(FaceDetector.DEFAULT_DETECT_WIDTH), frames,
                    s.budget.detectorTime());
            GrayImage f = frames.get(0);
            return new BenchReport.FaceDetectorTimes(f.width() + "x" + f.height(), frames.size(),
                    BenchReport.Percentiles.of(full), FaceDetector.DEFAULT_DETECT_WIDTH,
                    BenchReport.Percentiles.of(shrunk));
        }
    }

    private static LatencyStats time(FaceDetector d, List<GrayImage> frames, Duration atLeast) {
        for (int i = 0; i < 5; i++) {
            d.detect(frames.get(i % frames.size()));
        }
        LatencyStats t = new LatencyStats();
        long deadline = System.nanoTime() + atLeast.toNanos();
        for (int i = 0; i < frames.size() || System.nanoTime() < deadline; i++) {
            long start = System.nanoTime();
            d.detect(frames.get(i % frames.size()));
            t.add((System.nanoTime() - start) / 1000);
        }
        return t;
    }

    /**
     * Part (3): the detector alone on a topic that already holds every crop, so that nothing
     * upstream limits it: its crops/s over its active window (first crop in to last batch out).
     */
    private static BenchReport.DetectorStream detectorStream(Settings s, List<FaceCropRecord> sample, double rawRate,
            Path work) throws Exception {
        int n = (int) Math.max(s.budget.minStreamCrops(), Math.min(50_000, rawRate * s.budget.streamSeconds()));
        try (PipelineLifecycle pipeline = PipelineLifecycle.embedded()) {
            long now = WireTime.nowMicros();
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
                    FaceCropProducer.producerConfig(pipeline.kafka().bootstrapServers(), false, Map.of()),
                    new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < n; i++) {
                    FaceCropRecord c = sample.get(i % sample.size());
                    FaceCropRecord r = new FaceCropRecord("bench-stream", i, now, 0, 0, c.box(), c.transform(),
                            c.frameWidth(), c.frameHeight(), c.crop());
                    p.send(new ProducerRecord<>(Topics.FACE_CROPS, null, now / 1000, r.streamId(), r.encode()));
                }
                p.flush();
            }
            KeypointDetector d = pipeline.startDetector(s.detector, new SimpleMeterRegistry());
            DetectorCounters c = d.counters();
            // generous: 5 crops/s would be a broken detector, not a slow one
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos() + n * 200_000_000L;
            // the second half of the crops, timed on their own: the stream once its JVM has
            // compiled Kafka's code (part (1) is measured after warm-up batches too)
            long halfAt = 0;
            long halfKeypoints = 0;
            while (c.keypoints() < n) {
                if (halfAt == 0 && c.keypoints() >= n / 2) {
                    halfAt = System.nanoTime();
                    halfKeypoints = c.keypoints();
                }
                if (d.failed()) {
                    throw new IllegalStateException("the detector stopped (state " + d.state() + ") after "
                            + c.keypoints() + " of " + n + " crops");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the detector processed only " + c.keypoints() + " of " + n
                            + " crops in time");
                }
                Thread.sleep(5);
            }
            double secondHalf = halfAt == 0 ? Double.NaN
                    : (c.keypoints() - halfKeypoints) / ((System.nanoTime() - halfAt) / 1e9);
            double seconds = c.activeNanos() / 1e9;
            double rate = c.keypoints() / seconds;
            // the ratio splits into how busy the inference thread was and how fast each
            // forward pass ran beside the raw model's (slower when the other core is busy)
            return new BenchReport.DetectorStream(n, s.detector.maxBatch(), s.detector.maxWait().toMillis(),
                    c.keypoints() / (double) c.batches(), seconds, rate, rate / rawRate,
                    c.inferenceNanos() / 1e6 / c.keypoints(), 1000.0 / rawRate,
                    c.inferenceNanos() / (double) c.activeNanos(), secondHalf, secondHalf / rawRate);
        }
    }

    /** The sample the bench plays unless told: the shared webcam sample (full), else the bundled clip. */
    public static Path defaultVideo(boolean quick) throws IOException {
        return !quick && BenchClips.sharedWebcamSample() != null ? BenchClips.sharedWebcamSample()
                : Samples.demoVideo();
    }

    /**
     * Writes the 640x480 30 fps camera-like copy of {@code video} that parts (4) and (5) play, so
     * that {@code process} and {@code live} can be run on it by hand; returns its frame count.
     */
    public static long saveClip(Path video, Path out) throws IOException {
        return saveClip(video, 1, out);
    }

    /** The same clip played {@code repeats} times over into one file: a longer video for {@code process}. */
    public static long saveClip(Path video, int repeats, Path out) throws IOException {
        return BenchClips.cameraLike(video, LIVE_WIDTH, LIVE_HEIGHT, LIVE_FPS, repeats, out);
    }

    /** Part (5): what {@code process} runs, on the 640x480 clip, writing the annotated video and JSONL. */
    private static BenchReport.Batch batch(Settings s, Path video, String videoName, Path work) throws Exception {
        RunResult r = new StreamRun(new StreamRun.Settings()
                .producer(FaceCropProducer.Options.builder(video.toString(), null).streamId("bench-batch").pace(false)
                        .build())
                .detector(s.detector)
                .outputs(work.resolve("batch.mp4"), work.resolve("batch.jsonl")).measureModel(false)).run();
        if (!r.complete()) {
            throw new IllegalStateException("process: only " + r.keypointsReceived() + " of " + r.cropsSent()
                    + " crops got keypoints");
        }
        double sourceFps = BenchClips.frameRate(video);
        double fps = r.framesPerSecond();
        BenchReport.CpuPerFrame cpu;
        try (KeypointModel model = KeypointModel.load(s.detector.modelDir(), s.detector.device())) {
            cpu = FrameCost.measure(video, model, s.detector.maxBatch(), s.budget.costFrames(), work);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double ceiling = cpu.ceilingFramesPerSecond(cores);
        return new BenchReport.Batch(videoName, "annotated video + JSONL", r.framesRead(), sourceFps,
                r.windowMicros() / 1e6, fps, fps / sourceFps, s.detector.maxBatch(), cpu, cores, ceiling,
                fps / ceiling);
    }
}
