package dev.facestream.bench;

import dev.facestream.core.metrics.MetricNames;
import dev.facestream.core.wire.WireTime;
import dev.facestream.connect.KafkaConnection;
import dev.facestream.pipeline.LatencyStats;
import dev.facestream.pipeline.PipelineLifecycle;
import dev.facestream.producer.FaceCropProducer;
import dev.facestream.live.LiveRun;
import dev.facestream.live.LiveView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Part (4): {@code facestream live} as it runs for a user, on a camera-like clip paced in real
 * time, through an embedded broker, page server included (nobody watches it: the "overlay"
 * stage ends when a frame is ready to be served). Every crop's way is timed stage by stage with
 * a {@link StageClock}; then a second window of the same length while the bench keeps one core
 * busy ({@link FixedLoad}). Before live starts, the Kafka round trip of {@code live.floor_ms} is
 * measured on the same broker ({@link KafkaRoundTrip}).
 */
final class LiveBench {
    private LiveBench() {
    }

    /** The two live windows: idle, and with one core kept busy by the bench. */
    record Result(BenchReport.Live live, BenchReport.LiveContended contended) {
    }

    /** Kafka hops in {@code live.floor_ms}: face crops to the detector, keypoints back to the view. */
    static final int FLOOR_ROUND_TRIPS = 2;

    /**
     * @param raw     part (1): the floor's forward pass
     * @param faces   part (2): the floor's face detection
     * @param payload a record of the size the live pipeline sends (a face crop), for the round trips
     */
    static Result run(Bench.Settings s, Path clip, String sourceName, String preparedAs, double fps,
            BenchReport.RawModel raw, BenchReport.FaceDetectorTimes faces, byte[] payload) throws Exception {
        StageClock clock = new StageClock();
        ConcurrentLinkedQueue<long[]> passes = new ConcurrentLinkedQueue<>();
        SampleRegistry registry = new SampleRegistry((id, micros, at) -> {
            if (id.getName().equals(MetricNames.END_TO_END_LATENCY)
                    && MetricNames.AT_DETECTOR.equals(id.getTag(MetricNames.TAG_AT))) {
                clock.forwarded(micros, at);
            } else if (id.getName().equals(MetricNames.INFERENCE_TIME)) {
                passes.add(new long[] {at, micros});
            }
        });
        // a broker of the bench's own, so that the crop observer reads it before live starts
        try (PipelineLifecycle broker = PipelineLifecycle.embedded()) {
            KafkaConnection kafka = broker.kafka();
            // the floor's Kafka hop on this broker, before live runs on it: nothing else queues
            broker.broker().createTopics(1, KafkaRoundTrip.TOPIC);
            LatencyStats trips = KafkaRoundTrip.measure(kafka, payload, s.budget.roundTrips());
            LiveRun.Settings ls = new LiveRun.Settings()
                    .producer(FaceCropProducer.Options.builder(clip.toString(), null).streamId("bench-live").build())
                    .loop(true).kafka(kafka).detector(s.liveDetector)
                    .http("127.0.0.1", 0).maxOverlayWaitMillis(s.budget.liveOverlayWaitMs()).registry(registry)
                    .onFrame((frame, crops) -> {
                        long now = WireTime.nowMicros();
                        crops.forEach(c -> clock.handed(c.capturedAtMicros(), c.face(), now));
                    })
                    .onPublished((c, at) -> clock.acked(c.capturedAtMicros(), c.face(), at))
                    .onKeypoints(r -> clock.received(r.record().capturedAtMicros(), r.record().face(),
                            r.receivedAtMicros()));
            try (CropObserver observer = new CropObserver(kafka, clock);
                 LiveRun run = LiveRun.start(ls)) {
                run.view().addListener(shown -> {
                    for (LiveView.ShownFace f : shown.faces()) {
                        if (!f.stale()) {
                            clock.shown(shown.capturedAtMicros(), f.face(), shown.shownAtMicros());
                        }
                    }
                });
                awaitFirstKeypoints(run);
                Thread.sleep(s.budget.liveWarmUp().toMillis());
                Window idle = window(run, clock, passes, s.budget.liveDuration());

                Window busy;
                double loadCores;
                try (FixedLoad load = new FixedLoad().start()) {
                    // the scheduler and the pipeline's queues settle under the load before the window opens
                    Thread.sleep(s.budget.liveWarmUp().toMillis());
                    busy = window(run, clock, passes, s.budget.liveDuration());
                    load.stop();
                    loadCores = load.cpuCores();
                }

                BenchReport.Percentiles e2e = BenchReport.Percentiles.of(idle.result().endToEnd());
                BenchReport.Percentiles rt = BenchReport.Percentiles.of(trips);
                BenchReport.FloorParts floor = new BenchReport.FloorParts(raw.batch1LatencyMs().p50(),
                        faces.atDetectWidthMs().p50(), faces.detectWidth(), rt.p50(), FLOOR_ROUND_TRIPS);
                BenchReport.Live live = new BenchReport.Live(sourceName, preparedAs, fps, idle.seconds(),
                        s.budget.liveWarmUp().toMillis() / 1000.0, s.liveDetector.maxBatch(),
                        Bench.commitIntervalMs(s.liveDetector.clientConfig()), s.budget.liveOverlayWaitMs(),
                        idle.read(), idle.shown(), idle.dropped(), idle.result().crops(), idle.result().complete(),
                        idle.stale(), e2e, idle.stages(), idle.forward(), rt, floor, floor.sum(),
                        e2e.p50() / floor.sum(), e2e.p99() / e2e.p50());
                BenchReport.Percentiles busyE2e = BenchReport.Percentiles.of(busy.result().endToEnd());
                BenchReport.LiveContended contended = new BenchReport.LiveContended(FixedLoad.DESCRIPTION,
                        busy.seconds(), s.budget.liveWarmUp().toMillis() / 1000.0, loadCores, busy.read(),
                        busy.shown(), busy.dropped(), busy.result().crops(), busy.stale(), busyE2e, busy.stages(),
                        busy.forward(), busyE2e.p99() / e2e.p50(), busy.shown() / (double) busy.read());
                return new Result(live, contended);
            }
        }
    }

    /** One measured window of a running live pipeline: its crops' times and its frame counts. */
    private record Window(double seconds, long read, long shown, long dropped, long stale, StageClock.Result result,
            Map<String, BenchReport.Percentiles> stages, BenchReport.Percentiles forward) {
    }

    private static Window window(LiveRun run, StageClock clock, ConcurrentLinkedQueue<long[]> passes,
            Duration duration) throws InterruptedException {
        long from = WireTime.nowMicros();
        LiveView.Figures before = run.view().figures();
        long readBefore = run.framesRead();
        long droppedBefore = run.framesDropped();
        Thread.sleep(duration.toMillis());
        long to = WireTime.nowMicros();
        LiveView.Figures after = run.view().figures();
        long read = run.framesRead() - readBefore;
        long dropped = run.framesDropped() - droppedBefore;
        if (run.failure() != null) {
            throw new IllegalStateException("live failed: " + run.failure().getMessage(), run.failure());
        }
        // crops captured in the last second may still be on their way: give them time
        Thread.sleep(1000);
        StageClock.Result r = clock.result(from, to);
        LatencyStats forward = new LatencyStats();
        passes.stream().filter(p -> p[0] >= from && p[0] < to).forEach(p -> forward.add(p[1]));
        Map<String, BenchReport.Percentiles> stages = new LinkedHashMap<>();
        r.stages().forEach((name, stats) -> stages.put(name, BenchReport.Percentiles.of(stats)));
        return new Window((to - from) / 1e6, read, after.framesShown() - before.framesShown(), dropped,
                after.facesStale() - before.facesStale(), r, stages, BenchReport.Percentiles.of(forward));
    }

    /** Until the pipeline is up and the first keypoints are back (broker, model and detector start-up excluded). */
    private static void awaitFirstKeypoints(LiveRun run) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (run.view().figures().keypointsReceived() == 0) {
            if (run.failure() != null) {
                throw new IllegalStateException("live failed to start: " + run.failure().getMessage(), run.failure());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("live: no keypoints within 3 minutes of the start ("
                        + run.sourceCondition() + ", detector " + run.detectorCondition() + ")");
            }
            Thread.sleep(100);
        }
    }
}
