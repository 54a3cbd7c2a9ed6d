package dev.facestream.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facestream.core.keypoints.Keypoint;
import org.junit.jupiter.api.Test;

class KeypointMetricsTest {
    /**
     * Hand-computed: true eyes 72 px apart, so errors are halved to the 36 px scale. Every
     * keypoint is off by (6, 8) image px -> (3, 4) scaled px: MSE = (9 + 16) / 2 = 12.5,
     * RMSE = 3.5355, point error 5 px = 5/36 of the eye distance = 13.889 %, I2DL score =
     * 1 / (2 * 12.5 / 48^2) = 92.16.
     */
    @Test
    void handComputedExample() {
        float[] truth = new float[Keypoint.COORDINATES];
        float[] pred = new float[Keypoint.COORDINATES];
        for (int k = 0; k < Keypoint.COUNT; k++) {
            truth[2 * k] = 100 + k;
            truth[2 * k + 1] = 200;
        }
        truth[0] = 172;
        truth[2] = 100;
        truth[1] = 200;
        truth[3] = 200;
        for (int i = 0; i < truth.length; i += 2) {
            pred[i] = truth[i] + 6;
            pred[i + 1] = truth[i + 1] + 8;
        }
        KeypointMetrics m = new KeypointMetrics();
        m.add(pred, truth);
        assertEquals(12.5, m.mse(), 1e-9);
        assertEquals(Math.sqrt(12.5), m.rmse(), 1e-9);
        assertEquals(100 * 5.0 / 36.0, m.nmePercent(), 1e-9);
        assertEquals(92.16, m.i2dlScore(), 1e-9);
        assertEquals(Math.sqrt(12.5), m.perKeypointRmse().get("nose_tip"), 1e-9);
    }

    @Test
    void missingTruthIsLeftOut() {
        float[] truth = new float[Keypoint.COORDINATES];
        float[] pred = new float[Keypoint.COORDINATES];
        truth[0] = 36;
        truth[2] = 0;
        for (int i = 4; i < truth.length; i++) {
            truth[i] = Float.NaN;
            pred[i] = 1000;
        }
        pred[0] = 36 + 2;
        KeypointMetrics m = new KeypointMetrics();
        m.add(pred, truth);
        // 4 labelled coordinates, one off by 2: MSE = 4 / 4
        assertEquals(1.0, m.mse(), 1e-9);
        assertEquals(Double.NaN, m.perKeypointRmse().get("nose_tip"));
    }

    @Test
    void eyesAreNeededForTheScale() {
        float[] truth = new float[Keypoint.COORDINATES];
        truth[0] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> new KeypointMetrics().add(new float[30], truth));
    }
}
