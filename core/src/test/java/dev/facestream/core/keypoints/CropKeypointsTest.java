package dev.facestream.core.keypoints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.crop.FaceBox;
import org.junit.jupiter.api.Test;

class CropKeypointsTest {
    private static final FaceBox BOX = new FaceBox(140.5f, 88.25f, 151f, 198f, 0.9f);

    private static float[] numbered() {
        float[] xy = new float[Keypoint.COORDINATES];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = 10 + i;
        }
        return xy;
    }

    @Test
    void pointsAreNamedInKeypointOrder() {
        CropKeypoints k = CropKeypoints.withoutConfidence(numbered());
        assertEquals(10, k.x(Keypoint.LEFT_EYE_CENTER));
        assertEquals(11, k.y(Keypoint.LEFT_EYE_CENTER));
        assertEquals(10 + 2 * 10, k.x(Keypoint.NOSE_TIP));
        assertEquals(10 + 2 * 10 + 1, k.y(Keypoint.NOSE_TIP));
        assertEquals(10 + 28, k.x(Keypoint.MOUTH_CENTER_BOTTOM_LIP));
        assertEquals(10 + 29, k.y(Keypoint.MOUTH_CENTER_BOTTOM_LIP));
    }

    @Test
    void coordinatesAreCopiedInAndOut() {
        float[] xy = numbered();
        CropKeypoints k = CropKeypoints.withoutConfidence(xy);
        xy[0] = -1;
        assertEquals(10, k.x(Keypoint.LEFT_EYE_CENTER));
        k.xy()[0] = -1;
        assertEquals(10, k.x(Keypoint.LEFT_EYE_CENTER));
        assertArrayEquals(numbered(), k.xy());
        assertEquals(k, CropKeypoints.withoutConfidence(numbered()));
    }

    @Test
    void confidenceIsNaNWithoutAConfidenceHeadAndAProbabilityOtherwise() {
        CropKeypoints none = CropKeypoints.withoutConfidence(numbered());
        assertTrue(Double.isNaN(none.confidence()));
        assertFalse(none.hasConfidence());
        CropKeypoints sure = new CropKeypoints(numbered(), 0.75);
        assertTrue(sure.hasConfidence());
        assertEquals(0.75, sure.confidence());
        assertThrows(IllegalArgumentException.class, () -> new CropKeypoints(numbered(), 1.5));
    }

    @Test
    void aVectorOfTheWrongLengthIsRefusedWithItsLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CropKeypoints.withoutConfidence(new float[28]));
        assertTrue(e.getMessage().contains("28"), e.getMessage());
    }

    @Test
    void theCropCentreMapsToTheFramePointTheCropIsCentredOn() {
        CropTransform t = CropRule.forBox(BOX);
        float[] xy = new float[Keypoint.COORDINATES];
        java.util.Arrays.fill(xy, (CropRule.SIZE - 1) / 2f);
        float[] frame = CropKeypoints.withoutConfidence(xy).inFrame(t);
        double[] centre = t.toImage((CropRule.SIZE - 1) / 2.0, (CropRule.SIZE - 1) / 2.0);
        for (Keypoint k : Keypoint.all()) {
            assertEquals(centre[0], frame[2 * k.ordinal()], 1e-3, k.key());
            assertEquals(centre[1], frame[2 * k.ordinal() + 1], 1e-3, k.key());
        }
        // which lies inside the face box
        assertTrue(frame[0] > BOX.x() && frame[0] < BOX.x() + BOX.width());
    }

    @Test
    void frameMappingUndoesTheCropTransformIncludingAMirror() {
        for (boolean mirror : new boolean[] {false, true}) {
            CropTransform t = CropRule.forBox(BOX, 1.1, 0.02, -0.03, 0.2, mirror);
            float[] inFrame = new float[Keypoint.COORDINATES];
            for (int i = 0; i < inFrame.length; i++) {
                inFrame[i] = 150 + 3 * i;
            }
            CropKeypoints k = CropKeypoints.withoutConfidence(t.keypointsToCrop(inFrame));
            float[] back = k.inFrame(t);
            for (int i = 0; i < inFrame.length; i++) {
                assertEquals(inFrame[i], back[i], 0.01, "mirror " + mirror + " coordinate " + i);
            }
            if (mirror) {
                // in a mirrored crop the subject's left eye is the crop's right eye, so the names swap
                double[] leftEyeInCrop = t.toCrop(inFrame[0], inFrame[1]);
                assertEquals(leftEyeInCrop[0], k.x(Keypoint.RIGHT_EYE_CENTER), 1e-3);
            }
        }
    }
}
