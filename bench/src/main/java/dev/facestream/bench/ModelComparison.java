package dev.facestream.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.facestream.core.wire.FaceCropRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench --compare-models A,B,...}: part (1) of the bench, the model alone on the same real
 * crops, for several models in turn, round after round (A B A B ...), so that a machine whose
 * speed drifts from minute to minute slows every model alike; the result is each model's median
 * over the rounds and its ratio to the first model's. Figures from different runs or machines are
 * not comparable; ratios from one run are (docs/bench.md).
 */
public final class ModelComparison {
    private ModelComparison() {
    }

    /** One model's figures in one round. */
    public record Round(@JsonProperty("round") int round, @JsonProperty("model") String model,
            @JsonProperty("version") String version, @JsonProperty("batch1_p50_ms") double batch1P50Ms,
            @JsonProperty("batch1_p99_ms") double batch1P99Ms,
            @JsonProperty("batch_faces_per_second") double batchFacesPerSecond) {
    }

    /** One model over all rounds: medians, and ratios to the first model's medians. */
    public record Summary(@JsonProperty("model") String model, @JsonProperty("version") String version,
            @JsonProperty("batch1_p50_ms_median") double batch1P50Ms,
            @JsonProperty("batch_faces_per_second_median") double batchFacesPerSecond,
            @JsonProperty("batch1_p50_ratio_to_first") double latencyRatio,
            @JsonProperty("batch_throughput_ratio_to_first") double throughputRatio) {
    }

    public record Report(@JsonProperty("started_at") String startedAt, @JsonProperty("command") String command,
            @JsonProperty("machine") MachineInfo machine, @JsonProperty("batch_size") int batchSize,
            @JsonProperty("inference_threads") int inferenceThreads, @JsonProperty("rounds") List<Round> rounds,
            @JsonProperty("models") List<Summary> models) {

        public void print(PrintWriter o) {
            o.printf(Locale.ROOT, "model comparison, %d rounds alternating, batch 1 and batch %d, %d PyTorch thread(s)%n",
                    rounds.size() / Math.max(1, models.size()), batchSize, inferenceThreads);
            for (Round r : rounds) {
                o.printf(Locale.ROOT, "  round %d  %-14s batch-1 p50 %6.2f ms  p99 %6.2f ms  batch %d: %7.0f faces/s%n",
                        r.round(), r.version(), r.batch1P50Ms(), r.batch1P99Ms(), batchSize, r.batchFacesPerSecond());
            }
            for (Summary m : models) {
                o.printf(Locale.ROOT, "  %-14s median batch-1 p50 %6.2f ms (%.2fx the first)  batch %d %7.0f faces/s"
                                + " (%.2fx the first)   %s%n", m.version(), m.batch1P50Ms(), m.latencyRatio(), batchSize,
                        m.batchFacesPerSecond(), m.throughputRatio(), m.model());
            }
            o.printf(Locale.ROOT, "  machine: %d cores, %s; other processes used %.2f cores meanwhile%n", machine.cores(),
                    machine.cpu(), machine.otherProcessesCores());
            o.flush();
        }

        public void writeJson(Path out) throws IOException {
            BenchReport.JSON.writeValue(out.toFile(), this);
        }
    }

    public static Report run(Bench.Settings s, List<Path> models, int rounds, PrintWriter log) throws Exception {
        if (models.isEmpty() || rounds < 1) {
            throw new IllegalArgumentException("--compare-models needs at least one model and --rounds at least 1");
        }
        for (Path m : models) {
            if (!Files.isDirectory(m)) {
                throw new IOException("model " + m + ": no such directory");
            }
        }
        MachineInfo.Probe machine = new MachineInfo.Probe();
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Path video = s.video != null ? s.video : Bench.defaultVideo(!"full".equals(s.budget.mode()));
        Path work = Files.createTempDirectory("facestream-bench");
        List<FaceCropRecord> crops;
        try {
            Path clip = work.resolve("clip.mp4");
            Bench.saveClip(video, clip);
            crops = BenchClips.crops(clip, 64);
        } finally {
            org.apache.kafka.common.utils.Utils.delete(work.toFile());
        }
        List<Round> all = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            for (Path m : models) {
                log.printf(Locale.ROOT, "bench: round %d/%d, %s%n", r, rounds, m);
                log.flush();
                String[] info = new String[2];
                s.detector = s.detector.toBuilder().model(m, s.detector.device()).build();
                BenchReport.RawModel raw = Bench.rawModel(s, crops, info);
                all.add(new Round(r, m.toString(), info[0], raw.batch1LatencyMs().p50(), raw.batch1LatencyMs().p99(),
                        raw.facesPerSecond()));
            }
        }
        List<Summary> summaries = new ArrayList<>();
        double firstLatency = Double.NaN;
        double firstThroughput = Double.NaN;
        for (Path m : models) {
            List<Round> mine = all.stream().filter(x -> x.model().equals(m.toString())).toList();
            double latency = median(mine.stream().mapToDouble(Round::batch1P50Ms).toArray());
            double throughput = median(mine.stream().mapToDouble(Round::batchFacesPerSecond).toArray());
            if (summaries.isEmpty()) {
                firstLatency = latency;
                firstThroughput = throughput;
            }
            summaries.add(new Summary(m.toString(), mine.get(0).version(), latency, throughput, latency / firstLatency,
                    throughput / firstThroughput));
        }
        return new Report(startedAt, s.command, machine.finish(), s.detector.maxBatch(), s.inferenceThreads, all,
                summaries);
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }
}
