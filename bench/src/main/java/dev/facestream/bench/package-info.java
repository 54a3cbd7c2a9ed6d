/**
 * {@code facestream bench}: the speed of the model, the face detector, the detector stream, the
 * live pipeline stage by stage and batch processing, measured in one run on one machine and
 * reported as a table and as JSON ({@link dev.facestream.bench.Bench}, {@link
 * dev.facestream.bench.BenchReport}). Per-crop stage times come from the pipeline's own
 * listeners and documented meters, joined on each crop's capture time; nothing in the measured
 * code is changed for the benchmark.
 */
package dev.facestream.bench;
