package dev.facestream.cli;

import dev.facestream.pipeline.Samples;
import dev.facestream.pipeline.StreamRun;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code facestream demo}: the whole pipeline on one machine, no Kafka to install. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start an embedded Kafka broker, run producer and detector on a bundled sample clip at its own"
                + " frame rate, and write OUT/demo.mp4 (the clip with boxes and keypoints) and OUT/demo.jsonl"
                + " (the detector's records); print frames, faces, frames/s and per-stage latency.",
            "The broker's data is deleted on exit. --bootstrap-servers uses a real cluster instead."})
public final class DemoCommand extends StreamRunCommand {
    @Option(names = "--video", paramLabel = "FILE",
            description = "clip to use (default: the bundled head-pose-male-480x270.gif, CC-BY-4.0, see NOTICE)")
    String video;

    @Option(names = "--out-dir", defaultValue = "out", paramLabel = "DIR",
            description = "where demo.mp4 and demo.jsonl go (default: ${DEFAULT-VALUE})")
    Path outDir;

    @Option(names = "--no-pace", description = "read the clip as fast as possible instead of at its frame rate")
    boolean noPace;

    @Override
    StreamRun.Settings settings() throws IOException {
        String source = video != null ? video : Samples.demoVideo().toString();
        return new StreamRun.Settings()
                .producer(pipeline.producer.options(source, "demo").pace(!noPace).build())
                .outputs(outDir.resolve("demo.mp4"), outDir.resolve("demo.jsonl"));
    }

    @Override
    DetectorOptions.Defaults detectorDefaults() {
        return DetectorOptions.Defaults.DEMO;
    }
}
