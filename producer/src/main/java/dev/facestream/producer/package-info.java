/**
 * The producer: frames from a camera, a video file or stream, or a folder of images; every face
 * found in a frame cut out with the shared crop rule, given a track id, and published to
 * {@code face-crops} keyed by stream id.
 *
 * <pre>
 * FrameSource --(sampler, pacer)--> LatestFrameQueue --> FaceCropper (detect, track, crop) --> CropGate --> Kafka
 *   reader thread                    newest frame wins      processing thread; CatchUp:      live: sent only
 *                                                           no detection when behind         when the detector keeps up
 * </pre>
 *
 * Reading and processing run on separate threads so that a slow detector never makes a live
 * source fall behind: the queue keeps the newest frames and counts the ones it drops. A viewer
 * ({@code live}) has the producer keep each frame's colour picture too; the face detector and
 * the crops only ever see the gray image.
 */
package dev.facestream.producer;
