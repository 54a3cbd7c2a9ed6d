/**
 * The detector: a Kafka Streams application, {@code face-crops -> keypoint network -> keypoints},
 * with bad records dead-lettered to {@code face-crops-dlq}.
 *
 * <pre>
 * face-crops --> [keypoints: micro-batch, predict] --> keypoints
 *                          |  \--> face-crops-dlq  (undecodable or inconsistent records)
 *                   crop-buffer store (changelogged)
 * </pre>
 *
 * See {@link dev.facestream.detector.KeypointsProcessor} for how micro-batching stays
 * exactly-once.
 */
package dev.facestream.detector;
