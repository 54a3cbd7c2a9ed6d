package dev.facestream.core.keypoints;

/**
 * Projection of the iBUG 300-W 68-point scheme onto the 15 Kaggle keypoints, as documented in
 * {@code shared/data/README.md}. Points 36-41 are the eye on the image's left, which is the
 * subject's right eye.
 */
public final class Landmarks68 {
    public static final int COUNT = 68;

    private Landmarks68() {
    }

    /**
     * @param xy68 136 values {@code x0, y0, ..., x67, y67}
     * @return 30 values in {@link Keypoint} order
     */
    public static float[] toKaggle15(float[] xy68) {
        if (xy68.length != 2 * COUNT) {
            throw new IllegalArgumentException("expected " + 2 * COUNT + " coordinates, got " + xy68.length);
        }
        float[] out = new float[Keypoint.COORDINATES];
        mean(xy68, 42, 47, out, Keypoint.LEFT_EYE_CENTER);
        mean(xy68, 36, 41, out, Keypoint.RIGHT_EYE_CENTER);
        copy(xy68, 42, out, Keypoint.LEFT_EYE_INNER_CORNER);
        copy(xy68, 45, out, Keypoint.LEFT_EYE_OUTER_CORNER);
        copy(xy68, 39, out, Keypoint.RIGHT_EYE_INNER_CORNER);
        copy(xy68, 36, out, Keypoint.RIGHT_EYE_OUTER_CORNER);
        copy(xy68, 22, out, Keypoint.LEFT_EYEBROW_INNER_END);
        copy(xy68, 26, out, Keypoint.LEFT_EYEBROW_OUTER_END);
        copy(xy68, 21, out, Keypoint.RIGHT_EYEBROW_INNER_END);
        copy(xy68, 17, out, Keypoint.RIGHT_EYEBROW_OUTER_END);
        copy(xy68, 30, out, Keypoint.NOSE_TIP);
        copy(xy68, 54, out, Keypoint.MOUTH_LEFT_CORNER);
        copy(xy68, 48, out, Keypoint.MOUTH_RIGHT_CORNER);
        copy(xy68, 51, out, Keypoint.MOUTH_CENTER_TOP_LIP);
        copy(xy68, 57, out, Keypoint.MOUTH_CENTER_BOTTOM_LIP);
        return out;
    }

    private static void copy(float[] xy68, int point, float[] out, Keypoint k) {
        out[2 * k.ordinal()] = xy68[2 * point];
        out[2 * k.ordinal() + 1] = xy68[2 * point + 1];
    }

    private static void mean(float[] xy68, int from, int to, float[] out, Keypoint k) {
        float sx = 0;
        float sy = 0;
        for (int p = from; p <= to; p++) {
            sx += xy68[2 * p];
            sy += xy68[2 * p + 1];
        }
        int n = to - from + 1;
        out[2 * k.ordinal()] = sx / n;
        out[2 * k.ordinal() + 1] = sy / n;
    }
}
