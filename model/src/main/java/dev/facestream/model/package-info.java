/**
 * The keypoint network (one definition, used by the trainer and every server), the preprocessing
 * that turns a crop into the network's input, the DJL {@link ai.djl.translate.Translator} that
 * keeps pre- and post-processing next to the model (it returns
 * {@link dev.facestream.core.keypoints.CropKeypoints}, a value class, not float arrays), and the model directory format. The module
 * that carries DJL and the PyTorch natives; the producer and the face detector do without it.
 */
package dev.facestream.model;
