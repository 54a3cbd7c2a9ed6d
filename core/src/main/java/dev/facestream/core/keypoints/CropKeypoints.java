package dev.facestream.core.keypoints;

import dev.facestream.core.crop.CropTransform;
import java.util.Arrays;

/**
 * The model's answer for one face: the 15 {@link Keypoint}s in the pixels of its 96x96 crop, in
 * {@link Keypoint} order, plus how sure the model is. This is what the keypoint translator returns;
 * it is named here once so that every consumer asks for a point by name and maps the crop onto its
 * frame in one place ({@link #inFrame}).
 *
 * <p>A point the network could not place finitely stays NaN (or infinite) here; formats that
 * leave the process decide how to write it.
 *
 * @param xy         30 crop-pixel coordinates {@code x0, y0, x1, y1, ...} (copied in; {@link #xy()} copies out)
 * @param confidence calibrated probability that the face's mean point error is under 10 % of its
 *                   eye distance, NaN when the model has no confidence head
 */
public record CropKeypoints(float[] xy, double confidence) {

    public CropKeypoints {
        if (xy.length != Keypoint.COORDINATES) {
            throw new IllegalArgumentException("expected " + Keypoint.COORDINATES + " keypoint coordinates, got "
                    + xy.length);
        }
        if (!Double.isNaN(confidence) && !(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence " + confidence + " is not a probability (nor NaN)");
        }
        xy = xy.clone();
    }

    /** Keypoints from a model with no confidence head: {@link #confidence()} is NaN. */
    public static CropKeypoints withoutConfidence(float[] xy) {
        return new CropKeypoints(xy, Double.NaN);
    }

    /** Crop-pixel x of {@code k}. */
    public float x(Keypoint k) {
        return xy[2 * k.ordinal()];
    }

    /** Crop-pixel y of {@code k}. */
    public float y(Keypoint k) {
        return xy[2 * k.ordinal() + 1];
    }

    /** A copy of the 30 crop-pixel coordinates, {@code x0, y0, x1, y1, ...} in {@link Keypoint} order. */
    @Override
    public float[] xy() {
        return xy.clone();
    }

    /** Whether the model gave a confidence (a model with no confidence head gives NaN). */
    public boolean hasConfidence() {
        return !Double.isNaN(confidence);
    }

    /**
     * The 30 coordinates mapped back onto the frame the crop was cut from ({@code crop} maps frame
     * pixels to crop pixels), names swapped back where the crop was mirrored.
     */
    public float[] inFrame(CropTransform crop) {
        return crop.keypointsToImage(xy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CropKeypoints k && Arrays.equals(xy, k.xy)
                && Double.compare(confidence, k.confidence) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(xy) + Double.hashCode(confidence);
    }

    @Override
    public String toString() {
        return "CropKeypoints" + Arrays.toString(xy) + (hasConfidence() ? " confidence " + confidence : "");
    }
}
