/**
 * The {@code facestream} command line: one picocli command with a subcommand per job. Each part
 * of the pipeline has one mixin that maps its options once: {@code ProducerOptions},
 * {@code DetectorPart} (the detector's options and the model topic it follows), {@code KafkaOptions},
 * {@code MetricsOptions}, {@code LivePageOptions}, {@code PublishTarget}; {@code PipelineOptions}
 * groups the producer, detector and Kafka parts for the commands that run a pipeline here
 * ({@code demo} and {@code process} are {@code StreamRunCommand}s, {@code live} has its own run).
 * Options that several commands share are mixins too, declared once: {@code ModelOptions}
 * ({@code --model}, {@code --device}), {@code ModelTopicOption}, {@code PageBindOption},
 * {@code DurationOption}.
 */
package dev.facestream.cli;
