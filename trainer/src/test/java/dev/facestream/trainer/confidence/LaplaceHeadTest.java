package dev.facestream.trainer.confidence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.trainer.train.Augmentation;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LaplaceHeadTest {
    /**
     * Errors drawn from an exponential whose log-mean is a linear function of two features: the
     * fitted rows must predict that log-mean, and beat the per-point constant the fit starts from.
     */
    @Test
    void learnsTheLogErrorScaleFromTheFeatures() {
        int n = 4000;
        int f = LaplaceHead.FEATURES;
        int k = Keypoint.COUNT;
        Random rng = new Random(11);
        float[] x = new float[n * f];
        float[] error = new float[n * k];
        float[] mask = new float[n * k];
        double[] truth = new double[n];
        for (int i = 0; i < n; i++) {
            x[i * f] = (float) rng.nextGaussian();
            x[i * f + 1] = (float) rng.nextDouble();
            truth[i] = -3 + 0.8 * x[i * f] - 0.5 * x[i * f + 1];
            for (int j = 0; j < k; j++) {
                error[i * k + j] = (float) (-Math.log(1 - rng.nextDouble()) * Math.exp(truth[i]));
                mask[i * k + j] = j == 3 && i % 2 == 0 ? 0 : 1;   // some labels missing
            }
        }
        ConfidenceFit.Settings s = new ConfidenceFit.Settings(1, 40, 0.01, 0, 1, Augmentation.none(), java.util.List.of(),
                ConfidenceFit.NEGATIVE_ERROR);
        LaplaceHead head = LaplaceHead.fit(x, error, mask, n, s, new PrintStream(OutputStream.nullOutputStream()));
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double pred = head.bias()[0];
            for (int j = 0; j < f; j++) {
                pred += head.weights()[j] * x[i * f + j];
            }
            sq += (pred - truth[i]) * (pred - truth[i]);
        }
        double rmse = Math.sqrt(sq / n);
        assertTrue(rmse < 0.15, "log scale off by " + rmse + " (rms)");
        assertTrue(head.lastLoss() < head.firstLoss() + 1e-9, head.firstLoss() + " -> " + head.lastLoss());
    }
}
