package dev.facestream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.facestream.pipeline.LatencyStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one {@code facestream bench} run measured, as the table it prints and the JSON it
 * writes (snake_case names, milliseconds unless a name says otherwise). A figure that could not
 * be measured is NaN, written as the string {@code "NaN"}, so it is never mistaken for a result.
 */
public record BenchReport(int format, String mode, String startedAt, String command, double seconds,
        MachineInfo machine, Model model, RawModel rawModel, FaceDetectorTimes faceDetector,
        DetectorStream detectorStream, Live live, LiveContended liveContended, Batch batch, JitterFigures jitter,
        List<Target> targets) {

    /** Version of this JSON layout. */
    public static final int FORMAT = 1;

    /** Latency figures of one measurement, ms. */
    public record Percentiles(double p50, double p99, double max, double mean, int n) {
        static Percentiles of(LatencyStats s) {
            if (s.count() == 0) {
                return new Percentiles(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
            }
            return new Percentiles(s.percentileMillis(50), s.percentileMillis(99), s.percentileMillis(100),
                    s.meanMillis(), s.count());
        }
    }

    /**
     * @param inferenceThreads PyTorch threads per forward pass (0: PyTorch's default, one per core)
     * @param batchSize        batch of (1), (3) and (5); (4) uses {@link Live#batchSize}
     * @param commitIntervalMs the detector's exactly-once commit interval in (3) and (5); (4) uses
     *                         {@link Live#commitIntervalMs}
     */
    public record Model(String dir, String version, String device, int inferenceThreads, int batchSize,
            long commitIntervalMs) {
    }

    /** (1) The model straight through DJL, no Kafka. */
    public record RawModel(Percentiles batch1LatencyMs, double batch1FacesPerSecond, int batchSize,
            double facesPerSecond) {
    }

    /** (2) Face detection alone on the live clip's frames. */
    public record FaceDetectorTimes(String frameSize, int frames, Percentiles fullResolutionMs, int detectWidth,
            Percentiles atDetectWidthMs) {
    }

    /** (3) The detector on the embedded broker, its input topic filled before it starts. */
    public record DetectorStream(int crops, int batchSize, long maxWaitMs, double meanBatch, double seconds,
            double facesPerSecond, double ratioToRaw, double forwardMsPerFace, double rawForwardMsPerFace,
            double inferenceBusy, double secondHalfFacesPerSecond, double secondHalfRatioToRaw) {
    }

    /**
     * (4) The live pipeline ({@code facestream live}) on a camera-like clip paced in real time, and
     * the least latency this machine allows it, measured in the same run ({@link FloorParts}).
     *
     * @param kafkaRoundTripMs one Kafka hop alone on the live part's broker ({@link KafkaRoundTrip})
     * @param floorMs          {@link FloorParts#sum()}
     * @param p50OverFloor     end-to-end p50 over {@code floorMs}
     * @param p99OverP50       end-to-end p99 over its p50
     */
    public record Live(String source, String preparedAs, double fps, double seconds, double warmUpSecondsExcluded,
            int batchSize, long commitIntervalMs, long overlayWaitMs, long framesRead, long framesShown,
            long framesDropped, int crops, int cropsAllStages, long facesShownStale, Percentiles endToEndMs,
            Map<String, Percentiles> stagesMs, Percentiles forwardPassMs, Percentiles kafkaRoundTripMs,
            FloorParts floorParts, double floorMs, double p50OverFloor, double p99OverP50) {
    }

    /**
     * What a crop cannot do without on its way, each part's p50 measured alone in this run: the
     * model's batch-1 forward pass (1), the face detector at the producer's width (2), and two
     * Kafka hops (crops to the detector, keypoints back), each a produce-to-consume round trip.
     */
    public record FloorParts(double modelBatch1P50Ms, double faceDetectorP50Ms, int detectWidth,
            double kafkaRoundTripP50Ms, int kafkaRoundTrips) {
        public double sum() {
            return modelBatch1P50Ms + faceDetectorP50Ms + kafkaRoundTrips * kafkaRoundTripP50Ms;
        }
    }

    /**
     * (4b) A second live window, right after the first in the same pipeline, while the bench keeps
     * one core busy with {@link FixedLoad}, the same load in every run.
     *
     * @param loadCpuCores     the load thread's CPU time over its wall time (1.0: it had a core all along)
     * @param p99OverIdleP50   this window's end-to-end p99 over (4)'s p50
     * @param shareShown       frames shown over frames read in this window
     */
    public record LiveContended(String load, double seconds, double warmUpSecondsExcluded, double loadCpuCores,
            long framesRead, long framesShown, long framesDropped, int crops, long facesShownStale,
            Percentiles endToEndMs, Map<String, Percentiles> stagesMs, Percentiles forwardPassMs,
            double p99OverIdleP50, double shareShown) {
    }

    /**
     * (5) {@code facestream process} on the sample video: annotated video and JSONL, as fast as it
     * goes, against the ceiling its parts' CPU time allows.
     *
     * @param ceilingFramesPerSecond {@code cores} over {@link CpuPerFrame#totalMs()}
     * @param shareOfCeiling         {@code framesPerSecond} over the ceiling
     */
    public record Batch(String source, String outputs, long frames, double sourceFps, double seconds,
            double framesPerSecond, double ratioToRealTime, int batchSize, CpuPerFrame cpuMsPerFrame, int cores,
            double ceilingFramesPerSecond, double shareOfCeiling) {
    }

    /**
     * The CPU time one frame needs in each part of {@code process}, each measured alone
     * ({@link FrameCost}), ms. {@code crop} and {@code model} are per frame: per face times
     * {@code facesPerFrame}; the model's at the detector's batch size.
     */
    public record CpuPerFrame(String method, int framesTimed, double facesPerFrame, double decode,
            double faceDetection, double cropPerFace, double crop, double modelPerFace, double model, double encode,
            double total) {
        static CpuPerFrame of(String method, int frames, double facesPerFrame, double decode, double faceDetection,
                double cropPerFace, double modelPerFace, double encode) {
            double crop = cropPerFace * facesPerFrame;
            double model = modelPerFace * facesPerFrame;
            return new CpuPerFrame(method, frames, facesPerFrame, decode, faceDetection, cropPerFace, crop,
                    modelPerFace, model, encode, decode + faceDetection + crop + model + encode);
        }

        static CpuPerFrame unmeasured(String why) {
            double nan = Double.NaN;
            return new CpuPerFrame(why, 0, nan, nan, nan, nan, nan, nan, nan, nan, nan);
        }

        /** Frames per second that {@code cores} cores could process if each frame cost {@link #total()}. */
        double ceilingFramesPerSecond(int cores) {
            return cores * 1000.0 / total;
        }
    }

    /**
     * (6) How much each keypoint shakes from frame to frame on a talking head ({@link Jitter}).
     *
     * @param frames        frames read
     * @param framesCentred frames with the face in all five frames centred on them
     * @param perKeypoint   by keypoint name, in keypoint order
     */
    public record JitterFigures(String source, String unit, int window, int frames, int framesCentred,
            double medianPx, double p90Px, Map<String, Spread> perKeypoint) {
    }

    /** A median and 90th percentile. */
    public record Spread(double medianPx, double p90Px) {
    }

    /** One of the targets and whether this run met it. */
    public record Target(String name, double measured, String unit, double limit, boolean atMost, boolean met) {
        static Target atMost(String name, double measured, String unit, double limit) {
            return new Target(name, measured, unit, limit, true, measured <= limit);
        }

        static Target atLeast(String name, double measured, String unit, double limit) {
            return new Target(name, measured, unit, limit, false, measured >= limit);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), this);
    }

    /** The table. */
    public void print(PrintWriter out) {
        MachineInfo m = machine;
        out.printf(Locale.ROOT, "facestream bench (%s), %s, %.0f s%n", mode, startedAt, seconds);
        out.printf(Locale.ROOT, "machine: %d cores, %s, %.0f GiB, %s, Java %s%n", m.cores(), m.cpu(), m.memoryGib(),
                m.os(), m.java());
        out.printf(Locale.ROOT, "load: other processes used %.2f of %d cores during the run (load average %.1f at"
                + " start, %.1f at end)%s%n", m.otherProcessesCores(), m.cores(), m.loadAverageStart(),
                m.loadAverageEnd(), m.backgroundTraining() ? "; a facestream training job was running" : "");
        out.printf(Locale.ROOT, "model: %s (%s) on %s, %s PyTorch thread(s); (3) and (5): batch %d, commit every"
                + " %d ms; (4): batch %d, commit every %d ms%n", model.version(), model.dir(), model.device(),
                model.inferenceThreads() == 0 ? "default" : model.inferenceThreads(), model.batchSize(),
                model.commitIntervalMs(), live.batchSize(), live.commitIntervalMs());
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"part", "figure", "measured", "target"});
        rows.add(new String[] {"(1) raw model, DJL", "batch-1 latency p50 / p99",
            ms(rawModel.batch1LatencyMs().p50()) + " / " + ms(rawModel.batch1LatencyMs().p99()) + " ms", ""});
        rows.add(new String[] {"", "throughput at batch " + rawModel.batchSize(), rate(rawModel.facesPerSecond())
                + " faces/s", ""});
        rows.add(new String[] {"(2) face detector, " + faceDetector.frameSize(), "full resolution p50 / p99",
            ms(faceDetector.fullResolutionMs().p50()) + " / " + ms(faceDetector.fullResolutionMs().p99()) + " ms", ""});
        rows.add(new String[] {"", "at " + faceDetector.detectWidth() + " px wide (producer default) p50 / p99",
            ms(faceDetector.atDetectWidthMs().p50()) + " / " + ms(faceDetector.atDetectWidthMs().p99()) + " ms", ""});
        rows.add(new String[] {"(3) detector stream, pre-loaded",
            detectorStream.crops() + " crops, batch " + detectorStream.batchSize() + " (mean "
                    + String.format(Locale.ROOT, "%.1f", detectorStream.meanBatch()) + ")",
            rate(detectorStream.facesPerSecond()) + " faces/s", ""});
        rows.add(new String[] {"", "ratio to (1)", pct(detectorStream.ratioToRaw()), verdict(0)});
        rows.add(new String[] {"", "  forward pass per face, stream / (1)",
            String.format(Locale.ROOT, "%.2f / %.2f ms", detectorStream.forwardMsPerFace(),
                    detectorStream.rawForwardMsPerFace()), ""});
        rows.add(new String[] {"", "  inference thread busy", pct(detectorStream.inferenceBusy()), ""});
        rows.add(new String[] {"", "  second half of the crops alone", rate(detectorStream.secondHalfFacesPerSecond())
                + " faces/s = " + pct(detectorStream.secondHalfRatioToRaw()), ""});
        rows.add(new String[] {"(4) live, " + live.preparedAs(), "end to end p50 / p99 / max",
            ms(live.endToEndMs().p50()) + " / " + ms(live.endToEndMs().p99()) + " / " + ms(live.endToEndMs().max())
                    + " ms", ""});
        FloorParts f = live.floorParts();
        rows.add(new String[] {"", "floor: (1) p50 + (2) p50 at " + f.detectWidth() + " px + " + f.kafkaRoundTrips()
                + " Kafka round trips p50", ms(f.modelBatch1P50Ms()) + " + " + ms(f.faceDetectorP50Ms()) + " + "
                + f.kafkaRoundTrips() + " x " + ms(f.kafkaRoundTripP50Ms()) + " = " + ms(live.floorMs()) + " ms", ""});
        rows.add(new String[] {"", "p50 / floor", ratio(live.p50OverFloor()), verdict(1)});
        rows.add(new String[] {"", "p99 / p50", ratio(live.p99OverP50()), verdict(2)});
        for (Map.Entry<String, Percentiles> e : live.stagesMs().entrySet()) {
            rows.add(new String[] {"", "  " + e.getKey() + " p50 / p99",
                ms(e.getValue().p50()) + " / " + ms(e.getValue().p99()) + " ms", ""});
        }
        rows.add(new String[] {"", "  (in infer: forward pass p50 / p99)",
            ms(live.forwardPassMs().p50()) + " / " + ms(live.forwardPassMs().p99()) + " ms", ""});
        rows.add(new String[] {"", "frames read / shown / dropped", live.framesRead() + " / " + live.framesShown()
                + " / " + live.framesDropped(), ""});
        LiveContended c = liveContended;
        rows.add(new String[] {"(4b) live, one core kept busy by the bench", "end to end p50 / p99 / max",
            ms(c.endToEndMs().p50()) + " / " + ms(c.endToEndMs().p99()) + " / " + ms(c.endToEndMs().max()) + " ms",
            ""});
        rows.add(new String[] {"", "p99 / (4) p50", ratio(c.p99OverIdleP50()), verdict(3)});
        rows.add(new String[] {"", "frames read / shown (share) / dropped", c.framesRead() + " / " + c.framesShown()
                + " (" + pct(c.shareShown()) + ") / " + c.framesDropped(), verdict(4)});
        rows.add(new String[] {"", "the load's CPU", String.format(Locale.ROOT, "%.2f cores", c.loadCpuCores()), ""});
        rows.add(new String[] {"(5) batch process, " + batch.source(), batch.frames() + " frames, " + batch.outputs(),
            rate(batch.framesPerSecond()) + " frames/s = " + String.format(Locale.ROOT, "%.1f",
                    batch.ratioToRealTime()) + "x real time", ""});
        CpuPerFrame cpu = batch.cpuMsPerFrame();
        rows.add(new String[] {"", "CPU per frame, parts alone: decode + faces + crop + model + encode",
            ms2(cpu.decode()) + " + " + ms2(cpu.faceDetection()) + " + " + ms2(cpu.crop()) + " + " + ms2(cpu.model())
                    + " + " + ms2(cpu.encode()) + " = " + ms2(cpu.total()) + " ms", ""});
        rows.add(new String[] {"", "ceiling: " + batch.cores() + " cores / CPU per frame",
            rate(batch.ceilingFramesPerSecond()) + " frames/s", ""});
        rows.add(new String[] {"", "share of the ceiling", pct(batch.shareOfCeiling()), verdict(5)});
        rows.add(new String[] {"(6) jitter, " + jitter.source(), "distance from the centred " + jitter.window()
                + "-frame mean, median / p90", String.format(Locale.ROOT, "%.3f / %.3f px", jitter.medianPx(),
                        jitter.p90Px()), ""});
        int[] w = new int[4];
        for (String[] r : rows) {
            for (int i = 0; i < 4; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            out.printf(Locale.ROOT, "%-" + w[0] + "s  %-" + w[1] + "s  %" + w[2] + "s  %s%n", r[0], r[1], r[2], r[3]);
            if (i == 0) {
                out.println("-".repeat(w[0] + w[1] + w[2] + w[3] + 6));
            }
        }
        out.println();
        out.printf(Locale.ROOT, "(4) source: %s, paced in real time, %.0f s after %.0f s of warm-up; overlay wait"
                + " %d ms; %d of %d crops seen at every stage (the others' frames were shown before their keypoints"
                + " came: no overlay time)%n", live.source(), live.seconds(), live.warmUpSecondsExcluded(),
                live.overlayWaitMs(), live.cropsAllStages(), live.crops());
        out.printf(Locale.ROOT, "(4b) load: %s, from %.0f s before a %.0f s window to its end%n", c.load(),
                c.warmUpSecondsExcluded(), c.seconds());
        out.printf(Locale.ROOT, "(5) source: %s (%.0f fps), batch %d; CPU per part: %s, %d frames, %.2f faces a"
                + " frame; Kafka is outside the ceiling%n", batch.source(), batch.sourceFps(), batch.batchSize(),
                cpu.method(), cpu.framesTimed(), cpu.facesPerFrame());
        StringBuilder per = new StringBuilder();
        jitter.perKeypoint().forEach((k, v) -> per.append(per.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.3f", v.medianPx())));
        out.printf(Locale.ROOT, "(6) %s, %d of %d frames centred; median per keypoint: %s%n", jitter.unit(),
                jitter.framesCentred(), jitter.frames(), per);
        out.println();
        for (Target t : targets) {
            out.printf(Locale.ROOT, "target %-32s %s (measured %s, limit %s)%n", t.name() + ":",
                    t.met() ? "met" : "MISSED", ratioOrValue(t.measured(), t.unit()), ratioOrValue(t.limit(), t.unit()));
        }
        out.flush();
    }

    private String verdict(int i) {
        Target t = targets.get(i);
        return t.name() + ": " + (t.met() ? "met" : "MISSED");
    }

    private static String ratio(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2fx", v) : "n/a";
    }

    private static String ratioOrValue(double v, String unit) {
        return "share".equals(unit) ? pct(v) : "ratio".equals(unit) ? ratio(v) : ms(v) + " " + unit;
    }

    private static String ms2(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "n/a";
    }

    private static String ms(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "n/a";
    }

    private static String rate(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f", v) : "n/a";
    }

    private static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f %%", 100 * v) : "n/a";
    }
}
