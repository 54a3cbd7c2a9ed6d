package dev.facestream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class MaskedMseLossTest {
    @Test
    void missingValuesContributeNothing() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] pred = {0.5f, 0.1f, 9f, -9f};
            float[] target = {0.0f, 0.1f, 0f, 0f};
            float[] mask = {1f, 1f, 0f, 0f};
            MaskedMseLoss loss = new MaskedMseLoss();
            float l = loss.evaluate(new NDList(m.create(target, new ai.djl.ndarray.types.Shape(1, 4)),
                            m.create(mask, new ai.djl.ndarray.types.Shape(1, 4))),
                    new NDList(m.create(pred, new ai.djl.ndarray.types.Shape(1, 4)))).getFloat();
            // (0.5^2 + 0^2) / 2 labelled values; the wild predictions on missing labels are ignored
            assertEquals(0.125f, l, 1e-6);
        }
    }

    @Test
    void allMissingGivesZeroNotNaN() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            var shape = new ai.djl.ndarray.types.Shape(2, 2);
            float l = new MaskedMseLoss().evaluate(new NDList(m.zeros(shape), m.zeros(shape)),
                    new NDList(m.ones(shape))).getFloat();
            assertEquals(0f, l);
        }
    }
}
