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
        DetectorStream detectorStream, Live live, Batch batch, List<Target> targets) {

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

    /** (4) The live pipeline ({@code facestream live}) on a camera-like clip paced in real time. */
    public record Live(String source, String preparedAs, double fps, double seconds, double warmUpSecondsExcluded,
            int batchSize, long commitIntervalMs, long overlayWaitMs, long framesRead, long framesShown,
            long framesDropped, int crops, int cropsAllStages, long facesShownStale, Percentiles endToEndMs,
            Map<String, Percentiles> stagesMs, Percentiles forwardPassMs) {
    }

    /** (5) {@code facestream process} on the sample video: annotated video and JSONL, as fast as it goes. */
    public record Batch(String source, String outputs, long frames, double sourceFps, double seconds,
            double framesPerSecond, double ratioToRealTime, int batchSize) {
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

    private static final ObjectMapper JSON = new ObjectMapper()
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
                    + " ms", verdict(1) + ", " + verdict(2)});
        for (Map.Entry<String, Percentiles> e : live.stagesMs().entrySet()) {
            rows.add(new String[] {"", "  " + e.getKey() + " p50 / p99",
                ms(e.getValue().p50()) + " / " + ms(e.getValue().p99()) + " ms", ""});
        }
        rows.add(new String[] {"", "  (in infer: forward pass p50 / p99)",
            ms(live.forwardPassMs().p50()) + " / " + ms(live.forwardPassMs().p99()) + " ms", ""});
        rows.add(new String[] {"", "frames read / shown / dropped", live.framesRead() + " / " + live.framesShown()
                + " / " + live.framesDropped(), ""});
        rows.add(new String[] {"(5) batch process, " + batch.source(), batch.frames() + " frames, " + batch.outputs(),
            rate(batch.framesPerSecond()) + " frames/s = " + String.format(Locale.ROOT, "%.1f",
                    batch.ratioToRealTime()) + "x real time", verdict(3)});
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
        out.printf(Locale.ROOT, "(5) source: %s (%.0f fps), batch %d%n", batch.source(), batch.sourceFps(),
                batch.batchSize());
        out.flush();
    }

    private String verdict(int i) {
        Target t = targets.get(i);
        return t.name() + ": " + (t.met() ? "met" : "MISSED");
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
