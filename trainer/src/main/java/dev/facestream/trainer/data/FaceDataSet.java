package dev.facestream.trainer.data;

import java.util.List;

/**
 * Faces read from one data folder or file.
 *
 * @param faces       the good faces
 * @param skipped     problems of the rows skipped under {@code --skip-bad}, one message each
 * @param fingerprint SHA-256 (hex, 16 chars) of the labels and image names/sizes, recorded in models
 */
public record FaceDataSet(List<LabelledFace> faces, List<String> skipped, String fingerprint) {
}
