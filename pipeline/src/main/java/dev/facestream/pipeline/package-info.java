/**
 * Running the pipeline as a whole: {@link dev.facestream.pipeline.StreamRun} (producer, detector
 * and a keypoints collector in one process, on an embedded broker or a cluster, for {@code demo},
 * {@code process} and the benchmark), the keypoints consumer ({@link
 * dev.facestream.pipeline.KeypointsCollector}), the annotated outputs and exact latency
 * percentiles. Kafka connection settings and the {@code /metrics} endpoint are in the {@code
 * connect} module, drawing in {@code overlay}, the live page in {@code live}, the benchmark in
 * {@code bench}.
 */
package dev.facestream.pipeline;
