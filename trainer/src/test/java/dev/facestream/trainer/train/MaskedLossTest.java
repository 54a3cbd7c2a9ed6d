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
    void allMissingGivesZeroNotNaN() {
        float[] zeros = new float[4];
        assertEquals(0f, loss(MaskedLoss.MSE, new float[] {1, 1, 1, 1}, zeros, zeros));
        assertEquals(0f, loss(MaskedLoss.L1, new float[] {1, 1, 1, 1}, zeros, zeros));
    }

    @Test
    void unknownLossNamesTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskedLoss.named("huber"));
        assertTrue(e.getMessage().contains("huber") && e.getMessage().contains("mse") && e.getMessage().contains("l1"),
                e.getMessage());
    }
}
