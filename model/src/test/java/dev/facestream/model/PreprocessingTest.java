package dev.facestream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facestream.core.crop.GrayImage;
import org.junit.jupiter.api.Test;

class PreprocessingTest {
    @Test
    void scalesPixelsToMinusOneOne() {
        byte[] px = new byte[96 * 96];
        px[0] = 0;
        px[1] = (byte) 255;
        float[] x = new float[px.length];
        new Preprocessing(false).toInput(new GrayImage(96, 96, px), x, 0);
        assertEquals(-1f, x[0], 1e-6);
        assertEquals(1f, x[1], 1e-6);
    }

    @Test
    void outputScalingRoundTrips() {
        for (float c : new float[] {0f, 12.5f, 48f, 95f}) {
            assertEquals(c, Preprocessing.toCropCoordinate(Preprocessing.toOutput(c)), 1e-5);
        }
        assertEquals(48f, Preprocessing.toCropCoordinate(0f));
    }

    @Test
    void equalisationSpreadsANarrowHistogram() {
        byte[] px = new byte[96 * 96];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (100 + i % 20);
        }
        byte[] eq = Preprocessing.equalized(px);
        int min = 255;
        int max = 0;
        for (byte b : eq) {
            min = Math.min(min, b & 0xff);
            max = Math.max(max, b & 0xff);
        }
        assertEquals(0, min);
        assertEquals(255, max);
    }
}
