package dev.facestream.core.keypoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Landmarks68Test {
    @Test
    void projectsPerTheDataReadme() {
        float[] xy = new float[136];
        for (int p = 0; p < 68; p++) {
            xy[2 * p] = p;
            xy[2 * p + 1] = 100 + p;
        }
        float[] k = Landmarks68.toKaggle15(xy);
        // left eye centre = mean of 42..47 = 44.5; right = mean of 36..41 = 38.5
        assertEquals(44.5f, k[2 * Keypoint.LEFT_EYE_CENTER.ordinal()], 1e-5);
        assertEquals(138.5f, k[2 * Keypoint.RIGHT_EYE_CENTER.ordinal() + 1], 1e-5);
        assertEquals(30f, k[2 * Keypoint.NOSE_TIP.ordinal()]);
        assertEquals(54f, k[2 * Keypoint.MOUTH_LEFT_CORNER.ordinal()]);
        assertEquals(48f, k[2 * Keypoint.MOUTH_RIGHT_CORNER.ordinal()]);
        assertEquals(17f, k[2 * Keypoint.RIGHT_EYEBROW_OUTER_END.ordinal()]);
        assertEquals(157f, k[2 * Keypoint.MOUTH_CENTER_BOTTOM_LIP.ordinal() + 1]);
    }

    @Test
    void rejectsWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> Landmarks68.toKaggle15(new float[30]));
    }
}
