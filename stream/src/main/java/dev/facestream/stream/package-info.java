/**
 * The pipeline run as a whole, and what the stream commands share: {@link
 * dev.facestream.stream.StreamRun} (producer, detector and a keypoints collector in one process,
 * on an embedded broker or a cluster, for {@code demo}, {@code process} and benchmarks), the
 * keypoints consumer ({@link dev.facestream.stream.KeypointsCollector}), drawing keypoints on
 * frames ({@link dev.facestream.stream.KeypointsOverlay}), the annotated outputs, exact latency
 * percentiles, the bare model's throughput as the detector's yardstick, Kafka connection settings
 * (file, environment, flags), and the Prometheus {@code /metrics} endpoint.
 */
package dev.facestream.stream;
