package dev.facestream.cli;

import dev.facestream.pipeline.StreamRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code facestream process}: a recorded video through Kafka, as fast as it goes, to an annotated copy. */
@Command(name = "process", mixinStandardHelpOptions = true,
        description = {"Batch-process a recorded video through Kafka (an embedded broker unless --bootstrap-servers):"
                + " every frame, as fast as possible. Writes the video again with each frame's keypoints drawn"
                + " (frames without faces plain) and/or one JSON line per face per frame.",
            "Finishes when the video is exhausted and every crop sent has its keypoints."})
public final class ProcessCommand extends StreamRunCommand {
    @Parameters(index = "0", paramLabel = "VIDEO", description = "video file or animated GIF")
    Path video;

    @Option(names = "--out", paramLabel = "FILE", description = "annotated video to write (.mp4, .mkv, .mov)")
    Path out;

    @Option(names = "--keypoints", paramLabel = "FILE", description = "JSONL to write: the detector's records")
    Path keypoints;

    @Option(names = "--min-confidence", defaultValue = "0", paramLabel = "P",
            description = "leave faces whose confidence is under P out of --out and --keypoints (default: keep all)")
    double minConfidence;

    @Option(names = "--produce-first", description = "start the detector only once every crop is published, so it"
            + " runs flat out (measures the detector's own throughput; slower overall)")
    boolean produceFirst;

    @Option(names = "--external-detector", description = "run no detector here: a detect-stream on the cluster"
            + " given with --bootstrap-servers does the work")
    boolean externalDetector;

    @Option(names = "--no-model-benchmark", description = "skip measuring the bare model after the run")
    boolean noModelBenchmark;

    @Override
    StreamRun.Settings settings() throws IOException {
        if (!Files.isRegularFile(video)) {
            throw new IOException("VIDEO " + video + ": no such file");
        }
        if (out == null && keypoints == null) {
            throw new IllegalArgumentException("nothing to write: give --out FILE.mp4, --keypoints FILE.jsonl, or both");
        }
        if (externalDetector && !pipeline.kafka.clusterGiven()) {
            throw new IllegalArgumentException("--external-detector needs --bootstrap-servers (the cluster it runs on)");
        }
        return new StreamRun.Settings()
                .producer(pipeline.producer.options(video.toString()).pace(false).build())
                .outputs(out, keypoints).minConfidence(minConfidence).produceFirst(produceFirst).externalDetector(externalDetector)
                .measureModel(!noModelBenchmark && !externalDetector);
    }

    @Override
    DetectorOptions.Defaults detectorDefaults() {
        return DetectorOptions.Defaults.BATCH;
    }
}
