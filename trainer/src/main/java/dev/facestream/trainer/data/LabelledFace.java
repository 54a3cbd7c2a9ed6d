package dev.facestream.trainer.data;

import dev.facestream.core.crop.GrayImage;

/**
 * One labelled face image.
 *
 * @param id        unique name (the image file name, or {@code training.csv:LINE})
 * @param person    who it shows; faces of one person never straddle the train/validation split
 * @param image     the whole image, grayscale
 * @param keypoints 30 coordinates in image pixels, {@link dev.facestream.core.keypoints.Keypoint}
 *                  order, NaN where the label is missing
 * @param cropped   true when the image already is a 96x96 face crop (Kaggle), so no detector runs
 * @param landmarks68 the 68 labelled points (136 coordinates in image pixels) the 15 were projected from, or
 *                  null where the source has only the 15 (Kaggle); a training signal for networks that predict them
 */
public record LabelledFace(String id, String person, GrayImage image, float[] keypoints, boolean cropped,
        float[] landmarks68) {
    /** A face labelled with the 15 keypoints only. */
    public LabelledFace(String id, String person, GrayImage image, float[] keypoints, boolean cropped) {
        this(id, person, image, keypoints, cropped, null);
    }

    public boolean hasAllKeypoints() {
        for (float v : keypoints) {
            if (Float.isNaN(v)) {
                return false;
            }
        }
        return true;
    }
}
