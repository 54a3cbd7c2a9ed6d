package dev.facestream.cli;

import dev.facestream.registry.ModelTopic;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which model topic, and which model in it: shared by publish-model and train --publish. */
final class ModelTopicOptions {
    @Mixin
    ModelTopicOption topic;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = ModelTopic.DEFAULT_NAME,
            description = "the model's name in the topic, its record key (default: ${DEFAULT-VALUE})")
    String name;

    /** The topic, given or the default. */
    String topicOrDefault() {
        return topic.topicOrDefault();
    }
}
