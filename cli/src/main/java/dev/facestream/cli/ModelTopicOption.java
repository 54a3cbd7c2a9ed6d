package dev.facestream.cli;

import dev.facestream.registry.ModelTopic;
import picocli.CommandLine.Option;

/** Which model topic: {@code --model-topic} of models, and with the model's name of publish-model and train --publish. */
final class ModelTopicOption {
    @Option(names = "--model-topic", paramLabel = "TOPIC",
            description = "the compacted topic published models live in (default: " + ModelTopic.DEFAULT_TOPIC + ")")
    String topic;

    /** The topic, given or the default. */
    String topicOrDefault() {
        return topic != null ? topic : ModelTopic.DEFAULT_TOPIC;
    }
}
