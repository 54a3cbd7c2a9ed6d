package dev.facestream.core.keypoints;

/**
 * Horizontal mirroring of a keypoint vector: x becomes {@code width - 1 - x} (pixel centres at
 * integer coordinates, the convention of the crop rule) and every left/right pair swaps names,
 * so a mirrored face is labelled as a real face would be.
 */
public final class KeypointFlip {
    private static final int[] PARTNER = new int[Keypoint.COUNT];

    static {
        for (Keypoint k : Keypoint.values()) {
            PARTNER[k.ordinal()] = k.mirrored().ordinal();
        }
    }

    private KeypointFlip() {
    }

    /** Index of the keypoint that {@code index} becomes after a horizontal flip. */
    public static int partner(int index) {
        return PARTNER[index];
    }

    /**
     * Mirrors {@code xy} (length 30, NaN for missing) horizontally about the centre of an image
     * {@code width} pixels wide. Returns a new array; missing values stay missing.
     */
    public static float[] flip(float[] xy, int width) {
        float[] out = new float[xy.length];
        for (int k = 0; k < Keypoint.COUNT; k++) {
            int p = PARTNER[k];
            out[2 * p] = (width - 1) - xy[2 * k];
            out[2 * p + 1] = xy[2 * k + 1];
        }
        return out;
    }
}
