/**
 * {@code facestream bench}: the speed of the model, the face detector, the detector stream, the
 * live pipeline stage by stage and batch processing, and keypoint jitter, measured in one run on
 * one machine and reported as a table and as JSON ({@link dev.facestream.bench.Bench}, {@link
 * dev.facestream.bench.BenchReport}). The targets are ratios to limits measured in the same run:
 * live latency's floor (the model, the face detector and Kafka round trips, each alone), live
 * under a fixed load the bench itself starts ({@link dev.facestream.bench.FixedLoad}), and
 * {@code process}'s ceiling from the CPU time of its parts ({@link dev.facestream.bench.FrameCost}).
 * Per-crop stage times come from the pipeline's own listeners and documented meters, joined on
 * each crop's capture time; nothing in the measured code is changed for the benchmark.
 */
package dev.facestream.bench;
