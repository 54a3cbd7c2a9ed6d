/**
 * The face detector shared by the producer, the trainer and {@code detect}: OpenCV's
 * {@code FaceDetectorYN} with the YuNet model (OpenCV model zoo, MIT licence, shipped as a
 * resource of this module), and OpenCV's Haar cascade from the OpenCV jar as a fallback. The
 * module that carries the OpenCV natives for it; the detector does without it.
 */
package dev.facestream.face;
