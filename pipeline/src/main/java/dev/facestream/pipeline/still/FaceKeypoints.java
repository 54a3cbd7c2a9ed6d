package dev.facestream.pipeline.still;

import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.keypoints.Keypoint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One face of an image with its 15 keypoints in that image's pixels.
 *
 * @param box       detector box
 * @param keypoints 30 coordinates in {@link Keypoint} order
 */
public record FaceKeypoints(FaceBox box, float[] keypoints, double confidence) {
    /** Keypoints keyed by Kaggle name, {@code [x, y]} each, in keypoint order. */
    public Map<String, float[]> named() {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Keypoint k : Keypoint.values()) {
            m.put(k.key(), new float[] {keypoints[2 * k.ordinal()], keypoints[2 * k.ordinal() + 1]});
        }
        return m;
    }
}
