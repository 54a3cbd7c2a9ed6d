package dev.facestream.core.keypoints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KeypointFlipTest {
    @Test
    void namesSwapLeftAndRight() {
        assertEquals(Keypoint.RIGHT_EYE_CENTER, Keypoint.LEFT_EYE_CENTER.mirrored());
        assertEquals(Keypoint.LEFT_EYE_OUTER_CORNER, Keypoint.RIGHT_EYE_OUTER_CORNER.mirrored());
        assertEquals(Keypoint.RIGHT_EYEBROW_INNER_END, Keypoint.LEFT_EYEBROW_INNER_END.mirrored());
        assertEquals(Keypoint.MOUTH_RIGHT_CORNER, Keypoint.MOUTH_LEFT_CORNER.mirrored());
        assertEquals(Keypoint.NOSE_TIP, Keypoint.NOSE_TIP.mirrored());
        assertEquals(Keypoint.MOUTH_CENTER_TOP_LIP, Keypoint.MOUTH_CENTER_TOP_LIP.mirrored());
        for (Keypoint k : Keypoint.values()) {
            assertEquals(k, k.mirrored().mirrored(), k.name());
        }
    }

    @Test
    void flipMovesPointsAndSwapsSlots() {
        float[] xy = new float[Keypoint.COORDINATES];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = i + 0.5f;
        }
        float[] flipped = KeypointFlip.flip(xy, 96);
        int l = Keypoint.LEFT_EYE_CENTER.ordinal();
        int r = Keypoint.RIGHT_EYE_CENTER.ordinal();
        // the point that was the left eye is now the right eye, mirrored about x = 47.5
        assertEquals(95 - xy[2 * l], flipped[2 * r], 1e-6);
        assertEquals(xy[2 * l + 1], flipped[2 * r + 1], 1e-6);
        int nose = Keypoint.NOSE_TIP.ordinal();
        assertEquals(95 - xy[2 * nose], flipped[2 * nose], 1e-6);
    }

    @Test
    void flipTwiceIsIdentity() {
        float[] xy = new float[Keypoint.COORDINATES];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = (i * 37 % 96) + 0.25f;
        }
        xy[7] = Float.NaN;
        float[] twice = KeypointFlip.flip(KeypointFlip.flip(xy, 96), 96);
        assertArrayEquals(xy, twice, 1e-5f);
    }
}
