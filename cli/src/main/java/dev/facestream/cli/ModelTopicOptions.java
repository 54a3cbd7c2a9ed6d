package dev.facestream.cli;

import dev.facestream.registry.ModelTopic;
import picocli.CommandLine.Option;

/** Which model topic, and which model in it: shared by publish-model, models, train --publish and the detectors. */
final class ModelTopicOptions {
    @Option(names = "--model-topic", paramLabel = "TOPIC",
            description = "the compacted topic published models live in (default: " + ModelTopic.DEFAULT_TOPIC + ")")
    String topic;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = ModelTopic.DEFAULT_NAME,
            description = "the model's name in the topic, its record key (default: ${DEFAULT-VALUE})")
    String name;

    /** The topic, given or the default. */
    String topicOrDefault() {
        return topic != null ? topic : ModelTopic.DEFAULT_TOPIC;
    }
}
