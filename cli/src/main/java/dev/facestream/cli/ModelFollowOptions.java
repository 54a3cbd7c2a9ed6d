package dev.facestream.cli;

import dev.facestream.detector.KeypointDetector;
import dev.facestream.registry.ModelTopic;
import picocli.CommandLine.Option;

/** A detector's model topic: detect-stream, demo, process and live serve from and follow it when given. */
final class ModelFollowOptions {
    @Option(names = "--model-topic", paramLabel = "TOPIC",
            description = "serve the newest valid model of --model-name from this compacted topic (--model until one"
                    + " is there) and swap in each newer one while running, e.g. models (default: off; docs/models.md)")
    String topic;

    @Option(names = "--model-name", paramLabel = "NAME", defaultValue = ModelTopic.DEFAULT_NAME,
            description = "with --model-topic: which model of the topic (its record key; default: ${DEFAULT-VALUE})")
    String name;

    boolean given() {
        return topic != null && !topic.isBlank();
    }

    /** {@code options} serving from and following the model topic when one is given, else unchanged. */
    KeypointDetector.Options applyTo(KeypointDetector.Options options) {
        return given() ? options.toBuilder().modelTopic(topic, name).build() : options;
    }
}
