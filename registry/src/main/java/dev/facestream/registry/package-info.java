/**
 * The model registry: models published as records of a compacted Kafka topic, so retrained
 * models reach the running detectors the way everything else in facestream travels.
 *
 * <ul>
 *   <li>{@link dev.facestream.registry.ModelPublisher}: a model directory, checked and packed
 *       ({@link dev.facestream.registry.ModelPackage}), onto the topic.</li>
 *   <li>{@link dev.facestream.registry.ModelTopic}: the topic's settings, the client settings for
 *       records of tens of MB, reading it to the end.</li>
 *   <li>{@link dev.facestream.registry.ModelChecks}: what a model passes before it serves; a
 *       failure is a {@link dev.facestream.registry.ModelRejectedException} with a reason.</li>
 * </ul>
 *
 * The record format is {@link dev.facestream.core.wire.ModelRecord}; docs/models.md describes
 * the whole loop.
 */
package dev.facestream.registry;
