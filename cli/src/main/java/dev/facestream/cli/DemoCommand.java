package dev.facestream.cli;

import dev.facestream.pipeline.Samples;
import dev.facestream.pipeline.StreamRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facestream demo}: the whole pipeline on one machine, no Kafka to install. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start an embedded Kafka broker, run producer and detector on a bundled sample clip at its own"
                + " frame rate, and write OUT/demo.mp4 (the clip with boxes and keypoints) and OUT/demo.jsonl"
                + " (the detector's records); print frames, faces, frames/s and per-stage latency.",
            "The broker's data is deleted on exit. --bootstrap-servers uses a real cluster instead."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--video", paramLabel = "FILE",
            description = "clip to use (default: the bundled head-pose-male-480x270.gif, CC-BY-4.0, see NOTICE)")
    String video;

    @Option(names = "--out-dir", defaultValue = "out", paramLabel = "DIR",
            description = "where demo.mp4 and demo.jsonl go (default: ${DEFAULT-VALUE})")
    Path outDir;

    @Option(names = "--stream-id", defaultValue = "demo", description = "stream id (default: ${DEFAULT-VALUE})")
    String streamId;

    @Option(names = "--no-pace", description = "read the clip as fast as possible instead of at its frame rate")
    boolean noPace;

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
        String source = video != null ? video : Samples.demoVideo().toString();
        StreamRun.Settings s = new StreamRun.Settings()
                .producer(producer.options(source).streamId(streamId).pace(!noPace).build())
                .outputs(outDir.resolve("demo.mp4"), outDir.resolve("demo.jsonl"));
        return StreamRunner.run("demo", s, detector, DetectorOptions.Defaults.DEMO, modelTopic, kafka, metrics,
                spec.commandLine().getOut());
    }
}
