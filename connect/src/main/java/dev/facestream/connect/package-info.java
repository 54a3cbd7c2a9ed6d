/**
 * What a process needs to talk to a Kafka cluster and be watched, and nothing else: connection
 * settings ({@link dev.facestream.connect.KafkaConnection}: file, environment, flags), topic
 * creation ({@link dev.facestream.connect.KafkaTopics}) and the Prometheus {@code /metrics}
 * endpoint ({@link dev.facestream.connect.MetricsServer}). {@code produce} and {@code
 * detect-stream} use it without the in-process pipeline.
 */
package dev.facestream.connect;
