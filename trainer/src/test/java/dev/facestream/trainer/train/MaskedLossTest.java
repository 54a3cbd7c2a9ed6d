package dev.facestream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MaskedLossTest {
    private static float loss(String kind, float[] pred, float[] target, float[] mask) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Shape s = new Shape(1, pred.length);
            return MaskedLoss.named(kind).evaluate(new NDList(m.create(target, s), m.create(mask, s)),
                    new NDList(m.create(pred, s))).getFloat();
        }
    }

    @Test
    void missingValuesContributeNothing() {
        float[] pred = {0.5f, 0.1f, 9f, -9f};
        float[] target = {0.0f, -0.1f, 0f, 0f};
        float[] mask = {1f, 1f, 0f, 0f};
        // (0.5^2 + 0.2^2) / 2 labelled values; the wild predictions on missing labels are ignored
        assertEquals(0.145f, loss(MaskedLoss.MSE, pred, target, mask), 1e-6);
        // (0.5 + 0.2) / 2
        assertEquals(0.35f, loss(MaskedLoss.L1, pred, target, mask), 1e-6);
    }

    @Test
    void wingIsLogarithmicForSmallErrorsAndLinearForLargeOnesAndWeighsByTheMask() {
        double w = 10 / 48.0;
        double eps = 2 / 48.0;
        double c = w - w * Math.log(1 + w / eps);
        float small = 1 / 48f;   // 1 px
        float large = 20 / 48f;  // 20 px
        double expectedSmall = w * Math.log(1 + small / eps);
        double expectedLarge = large - c;
        assertEquals(expectedSmall, loss(MaskedLoss.WING, new float[] {small}, new float[] {0}, new float[] {1}), 1e-6);
        assertEquals(expectedLarge, loss(MaskedLoss.WING, new float[] {-large}, new float[] {0}, new float[] {1}), 1e-6);
        // continuous at |x| = w
        assertEquals(w * Math.log(1 + w / eps), (w + 1e-6) - c, 1e-5);
        // a mask value is a weight: (1 * small + 0.25 * large) / 1.25
        assertEquals((expectedSmall + 0.25 * expectedLarge) / 1.25, loss(MaskedLoss.WING, new float[] {small, large},
                new float[] {0, 0}, new float[] {1f, 0.25f}), 1e-6);
    }

    @Test
    void allMissingGivesZeroNotNaN() {
        float[] zeros = new float[4];
        assertEquals(0f, loss(MaskedLoss.MSE, new float[] {1, 1, 1, 1}, zeros, zeros));
        assertEquals(0f, loss(MaskedLoss.L1, new float[] {1, 1, 1, 1}, zeros, zeros));
        assertEquals(0f, loss(MaskedLoss.WING, new float[] {1, 1, 1, 1}, zeros, zeros));
    }

    @Test
    void unknownLossNamesTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskedLoss.named("huber"));
        assertTrue(e.getMessage().contains("huber") && e.getMessage().contains("mse") && e.getMessage().contains("l1"),
                e.getMessage());
    }
}
