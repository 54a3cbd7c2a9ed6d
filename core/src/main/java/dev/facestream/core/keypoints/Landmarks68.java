package dev.facestream.core.keypoints;

/**
 * Projection of the iBUG 300-W 68-point scheme onto the 15 Kaggle keypoints, as documented in
 * {@code shared/data/README.md}. Points 36-41 are the eye on the image's left, which is the
 * subject's right eye.
 */
public final class Landmarks68 {
    public static final int COUNT = 68;
    /**
     * The 68-point index each keypoint is, in {@link Keypoint} order; -1 for the two eye centres,
     * which are the means of their eye's six points.
     */
    private static final int[] SINGLE_POINT = {
        -1, -1,             // left, right eye centre
        42, 45, 39, 36,     // left eye inner, outer; right eye inner, outer corner
        22, 26, 21, 17,     // left eyebrow inner, outer; right eyebrow inner, outer end
        30,                 // nose tip
        54, 48, 51, 57,     // mouth left, right corner; centre top, bottom lip
    };

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
        for (Keypoint k : Keypoint.all()) {
            int point = SINGLE_POINT[k.ordinal()];
            if (point >= 0) {
                copy(xy68, point, out, k);
            }
        }
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
