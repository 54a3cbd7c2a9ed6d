package dev.facestream.trainer.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.model.FaceConfidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticTest {
    @Test
    void recoversTheCoefficientsThatDrewTheLabels() {
        Random rng = new Random(7);
        List<FaceConfidence.Signals> x = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            FaceConfidence.Signals s = new FaceConfidence.Signals(rng.nextGaussian() - 3, rng.nextGaussian() - 2);
            double p = 1 / (1 + Math.exp(-(-4 - 2.0 * s.logScale() - 0.5 * s.logDisagreement())));
            x.add(s);
            y.add(rng.nextDouble() < p);
        }
        FaceConfidence fit = Logistic.fit(x, y, true);
        assertEquals(-4, fit.intercept(), 0.4);
        assertEquals(-2.0, fit.scaleSlope(), 0.15);
        assertEquals(-0.5, fit.disagreementSlope(), 0.1);
        FaceConfidence scaleOnly = Logistic.fit(x, y, false);
        assertEquals(0.0, scaleOnly.disagreementSlope());
        assertEquals(-2.0, scaleOnly.scaleSlope(), 0.3);
    }

    @Test
    void perfectlySeparatedClassesStillGiveFiniteProbabilities() {
        List<FaceConfidence.Signals> x = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            x.add(new FaceConfidence.Signals(i < 50 ? -4 : -1, -3));
            y.add(i < 50);
        }
        FaceConfidence fit = Logistic.fit(x, y, false);
        double right = fit.probability(new FaceConfidence.Signals(-4, -3));
        double wrong = fit.probability(new FaceConfidence.Signals(-1, -3));
        assertTrue(Double.isFinite(fit.scaleSlope()) && right > 0.9 && wrong < 0.1, right + " " + wrong);
    }
}
