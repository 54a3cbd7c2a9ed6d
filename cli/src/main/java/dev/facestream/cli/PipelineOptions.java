package dev.facestream.cli;

import dev.facestream.pipeline.PipelineSettings;
import java.io.IOException;
import picocli.CommandLine.Mixin;

/**
 * The command line of a pipeline run in this process ({@code demo}, {@code process}, {@code live}):
 * one mixin per part, producer, detector and Kafka.
 */
final class PipelineOptions {
    @Mixin
    ProducerOptions producer;

    @Mixin
    DetectorPart detector;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    EmbeddedBrokerOption embeddedBroker;

    /** {@code settings} on the cluster given, creating its missing topics if asked; an embedded broker when none. */
    <S extends PipelineSettings<S>> S connect(S settings) throws IOException {
        settings.createTopics(kafka.createTopics);
        embeddedBroker.checkAgainst(kafka);
        if (kafka.clusterGiven()) {
            settings.kafka(kafka.resolve());
        } else {
            settings.embeddedBrokerData(embeddedBroker.dir);
        }
        return settings;
    }
}
