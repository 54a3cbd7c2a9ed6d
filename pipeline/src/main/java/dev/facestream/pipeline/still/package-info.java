/**
 * Face detector + crop rule + network on one whole image, for stills (no Kafka; used by {@code
 * detect}). It lives here, beside the streamed pipeline, because it needs both the {@code face}
 * and the {@code model} module: in {@code core} it would import upward, and in either of those two
 * it would tie the face detector to PyTorch (or the other way round), which is the coupling the
 * split removes.
 */
package dev.facestream.pipeline.still;
