/**
 * Metric names shared by the producer, the detector and the stream tools, kept in one place so
 * that the meters, {@code docs/metrics.md} and the dashboards built on them cannot drift apart.
 * No Micrometer dependency here: the modules that record meters bring it.
 */
package dev.facestream.core.metrics;
