package dev.facestream.cli;

import dev.facestream.bench.Bench;
import dev.facestream.bench.BenchReport;
import dev.facestream.bench.ModelComparison;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facestream bench}: how fast each layer is, measured in one run on this machine, against
 * limits measured in the same run (docs/bench.md).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure, in one run on this machine: (1) the keypoint model alone (batch-1 latency, batch"
                + " throughput), (2) the face detector on 640x480 frames, (3) the detector stream on an embedded"
                + " broker with its input topic filled beforehand, and its share of (1), (4) live on a 640x480"
                + " 30 fps clip paced in real time: latency capture -> keypoints, stage by stage, against the floor"
                + " (1) + (2) + two Kafka round trips measured on its broker, then again while the bench keeps one"
                + " core busy with a fixed load, (5) process on that 640x480 clip: frames/s, the ratio to real time"
                + " and the share of the ceiling that its parts' CPU time, each measured alone, allows, (6) keypoint"
                + " jitter on the talking-head sample.",
            "Prints one table with the targets (ratios to those limits) and writes it as JSON (--out). The full run"
                + " takes about 4 minutes; other work on the machine skews it, and the report says how much CPU"
                + " other processes used meanwhile.",
            "The detector options apply as for process (batch 32, one PyTorch thread, commit every 1000 ms, whole"
                + " batches per fetch) to (1), (3) and (5); (4) runs with live's defaults unless"
                + " --commit-interval-ms is given."
                + " See docs/bench.md."})
public final class BenchCommand implements Callable<Integer> {
    /** The bench's own tuning: process's batching for (1), (3) and (5); (4) uses live's. */
    static final DetectorOptions.Defaults BENCH = DetectorOptions.Defaults.BATCH;

    @Option(names = "--out", defaultValue = "bench.json", paramLabel = "FILE",
            description = "where the JSON goes (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--short", description = "a few seconds per part, on the bundled clip: checks that everything"
            + " runs; the figures are not for quoting")
    boolean quick;

    @Option(names = "--video", paramLabel = "FILE", description = "sample video with one face (default: "
            + "../shared/samples/webcam-talking-854x480.mp4 if present, else the bundled clip; --short: the bundled"
            + " clip); (4) plays a 640x480 30 fps copy of it")
    Path video;

    @Option(names = "--save-clip", paramLabel = "FILE", description = "only write the 640x480 30 fps copy of the"
            + " sample video that (4) and (5) play (an .mp4), to run process or live on it by hand, and stop")
    Path saveClip;

    @Option(names = "--clip-repeat", paramLabel = "N", defaultValue = "1", description = "with --save-clip: play the"
            + " sample N times over into the clip, for a longer video (default: ${DEFAULT-VALUE})")
    int clipRepeat;

    @Option(names = "--compare-models", split = ",", paramLabel = "DIR", description = "only time part (1), the model"
            + " alone, for each of these model directories in turn, --rounds times over (A B A B ...), and print each"
            + " one's medians and ratios to the first's: how models compare in one run on this machine")
    List<Path> compareModels;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "with --compare-models: rounds"
            + " (default: ${DEFAULT-VALUE})")
    int rounds;

    @Mixin
    DetectorOptions detector;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (saveClip != null) {
            Path from = video != null ? video : Bench.defaultVideo(quick);
            if (clipRepeat < 1) {
                throw new IllegalArgumentException("--clip-repeat " + clipRepeat + ": must be at least 1");
            }
            long frames = Bench.saveClip(from, clipRepeat, saveClip);
            spec.commandLine().getOut().printf("written: %s (%d frames of %s)%n", saveClip.toAbsolutePath(), frames,
                    from);
            spec.commandLine().getOut().flush();
            return 0;
        }
        detector.resolve(BENCH);
        Bench.Settings s = (quick ? Bench.Settings.quick() : Bench.Settings.full())
                .inferenceThreads(detector.inferenceThreads).detector(detector.options())
                // the live part: live's own defaults, as a user gets them
                .liveDetector(detector.options().toBuilder().maxBatch(LiveCommand.LIVE.batchSize())
                        .maxWait(Duration.ofMillis(LiveCommand.LIVE.maxWaitMs()))
                        .clientConfig(detector.streamsProperties(LiveCommand.LIVE)).build())
                .video(video).command(CommandLines.reconstruct("bench"));
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        if (compareModels != null) {
            ModelComparison.Report comparison = ModelComparison.run(s, compareModels, rounds, err);
            comparison.print(o);
            comparison.writeJson(out);
        } else {
            BenchReport report = Bench.run(s, err);
            report.print(o);
            report.writeJson(out);
        }
        o.println("written: " + out.toAbsolutePath());
        o.flush();
        return 0;
    }
}
