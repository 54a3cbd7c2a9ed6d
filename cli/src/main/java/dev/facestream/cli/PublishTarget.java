package dev.facestream.cli;

import java.io.IOException;
import java.util.Map;
import picocli.CommandLine.Mixin;

/**
 * Where a model is published ({@code publish-model}, {@code train --publish}): the model topic,
 * the model's name in it, and the cluster.
 */
final class PublishTarget {
    @Mixin
    ModelTopicOptions models;

    @Mixin
    KafkaOptions kafka;

    /** The cluster's client properties; resolving them is what checks the address, so call it before long work. */
    Map<String, Object> clientConfig() throws IOException {
        return kafka.resolve().clientConfig();
    }

    /** The model topic, given or the default. */
    String topic() {
        return models.topicOrDefault();
    }

    /** The model's name in the topic, its record key. */
    String name() {
        return models.name;
    }
}
