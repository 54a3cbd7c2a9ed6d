/**
 * The producer: frames from a camera, a video file or stream, or a folder of images; every face
 * found in a frame cut out with the shared crop rule, given a track id, and published to
 * {@code face-crops} keyed by stream id.
 *
 * <pre>
 * FrameSource --(sampler, pacer)--> LatestFrameQueue --> FaceCropper (detect, track, crop) --> Kafka
 *   reader thread                    newest frame wins      processing thread
 * </pre>
 *
 * Reading and processing run on separate threads so that a slow detector never makes a live
 * source fall behind: the queue keeps the newest frames and counts the ones it drops.
 */
package dev.facestream.producer;
