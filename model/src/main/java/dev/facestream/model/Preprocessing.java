package dev.facestream.model;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.GrayImage;

/**
 * Crop -> network input, and network output -> crop coordinates. The trainer and the
 * {@link KeypointTranslator} both call this, so training and serving cannot drift apart.
 *
 * @param equalize whether the crop is histogram-equalised before scaling (a model setting,
 *                 recorded in its metadata)
 */
public record Preprocessing(boolean equalize) {
    /** Pixel scaling: input = (pixel / 255 - MEAN) / STD. */
    public static final float MEAN = 0.5f;
    public static final float STD = 0.5f;
    /** Output scaling: crop coordinate = HALF + HALF * output. */
    public static final float HALF = CropRule.SIZE / 2f;

    /** Writes the network input for {@code crop} into {@code dst} from {@code offset}. */
    public void toInput(GrayImage crop, float[] dst, int offset) {
        byte[] px = equalize ? equalized(crop.pixels()) : crop.pixels();
        for (int i = 0; i < px.length; i++) {
            dst[offset + i] = ((px[i] & 0xff) / 255f - MEAN) / STD;
        }
    }

    public static float toCropCoordinate(float output) {
        return HALF + HALF * output;
    }

    public static float toOutput(float cropCoordinate) {
        return (cropCoordinate - HALF) / HALF;
    }

    /** Global histogram equalisation (the same mapping as OpenCV's equalizeHist). */
    static byte[] equalized(byte[] px) {
        int[] hist = new int[256];
        for (byte p : px) {
            hist[p & 0xff]++;
        }
        int total = px.length;
        int first = 0;
        while (first < 256 && hist[first] == 0) {
            first++;
        }
        if (first == 256 || hist[first] == total) {
            return px.clone();
        }
        int[] lut = new int[256];
        int cumulative = 0;
        float scale = 255f / (total - hist[first]);
        for (int i = first + 1; i < 256; i++) {
            cumulative += hist[i];
            lut[i] = Math.round(cumulative * scale);
        }
        byte[] out = new byte[total];
        for (int i = 0; i < total; i++) {
            out[i] = (byte) lut[px[i] & 0xff];
        }
        return out;
    }
}
