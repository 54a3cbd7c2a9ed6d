package dev.facestream.cli;

import dev.facestream.pipeline.StreamRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code facestream process}: a recorded video through Kafka, as fast as it goes, to an annotated copy. */
@Command(name = "process", mixinStandardHelpOptions = true,
        description = {"Batch-process a recorded video through Kafka (an embedded broker unless --bootstrap-servers):"
                + " every frame, as fast as possible. Writes the video again with each frame's keypoints drawn"
                + " (frames without faces plain) and/or one JSON line per face per frame.",
            "Finishes when the video is exhausted and every crop sent has its keypoints."})
public final class ProcessCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "VIDEO", description = "video file or animated GIF")
    Path video;

    @Option(names = "--out", paramLabel = "FILE", description = "annotated video to write (.mp4, .mkv, .mov)")
    Path out;

    @Option(names = "--keypoints", paramLabel = "FILE", description = "JSONL to write: the detector's records")
    Path keypoints;

    @Option(names = "--min-confidence", defaultValue = "0", paramLabel = "P",
            description = "leave faces whose confidence is under P out of --out and --keypoints (default: keep all)")
    double minConfidence;

    @Option(names = "--stream-id", description = "stream id (default: the file name without extension)")
    String streamId;

    @Option(names = "--produce-first", description = "start the detector only once every crop is published, so it"
            + " runs flat out (measures the detector's own throughput; slower overall)")
    boolean produceFirst;

    @Option(names = "--external-detector", description = "run no detector here: a detect-stream on the cluster"
            + " given with --bootstrap-servers does the work")
    boolean externalDetector;

    @Option(names = "--no-model-benchmark", description = "skip measuring the bare model after the run")
    boolean noModelBenchmark;

    @Mixin
    ProducerOptions producer;

    @Mixin
    DetectorOptions detector;

    @Mixin
    ModelFollowOptions modelTopic;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    MetricsOptions metrics;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(video)) {
            throw new IOException("VIDEO " + video + ": no such file");
        }
        if (out == null && keypoints == null) {
            throw new IllegalArgumentException("nothing to write: give --out FILE.mp4, --keypoints FILE.jsonl, or both");
        }
        if (externalDetector && !kafka.clusterGiven()) {
            throw new IllegalArgumentException("--external-detector needs --bootstrap-servers (the cluster it runs on)");
        }
        StreamRun.Settings s = new StreamRun.Settings()
                .producer(producer.options(video.toString()).streamId(streamId).pace(false).build())
                .outputs(out, keypoints).minConfidence(minConfidence).produceFirst(produceFirst).externalDetector(externalDetector)
                .measureModel(!noModelBenchmark && !externalDetector);
        return StreamRunner.run("process", s, detector, DetectorOptions.Defaults.BATCH, modelTopic, kafka, metrics,
                spec.commandLine().getOut());
    }
}
