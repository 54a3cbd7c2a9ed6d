package dev.facestream.detector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.wire.KeypointsRecord;

/** Checks that keypoints look like a face: eyes above the nose above the mouth, all in the box. */
final class Geometry {
    private Geometry() {
    }

    static void assertPlausible(KeypointsRecord r) {
        String where = r.stream() + " frame " + r.frame() + " face " + r.face();
        float eyes = (y(r, Keypoint.LEFT_EYE_CENTER) + y(r, Keypoint.RIGHT_EYE_CENTER)) / 2;
        float nose = y(r, Keypoint.NOSE_TIP);
        float mouth = (y(r, Keypoint.MOUTH_CENTER_TOP_LIP) + y(r, Keypoint.MOUTH_CENTER_BOTTOM_LIP)) / 2;
        assertTrue(eyes < nose && nose < mouth, where + ": eyes (y=" + eyes + ") above nose (" + nose
                + ") above mouth (" + mouth + ")");
        // the face box is the detector's, the points the network's: allow 10% of the box as slack
        float[] b = r.box();
        float sx = 0.1f * b[2];
        float sy = 0.1f * b[3];
        for (Keypoint k : Keypoint.all()) {
            float[] p = r.point(k);
            assertTrue(p[0] >= b[0] - sx && p[0] <= b[0] + b[2] + sx && p[1] >= b[1] - sy && p[1] <= b[1] + b[3] + sy,
                    where + ": " + k.key() + " (" + p[0] + "," + p[1] + ") outside the face box");
        }
    }

    private static float y(KeypointsRecord r, Keypoint k) {
        return r.point(k)[1];
    }
}
