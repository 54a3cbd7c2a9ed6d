/** Detector + crop rule + network on one whole image, for stills (no Kafka). */
package dev.facestream.core.pipeline;
