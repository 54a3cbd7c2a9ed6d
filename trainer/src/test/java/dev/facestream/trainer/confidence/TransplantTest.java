package dev.facestream.trainer.confidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.model.KeypointNetwork;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TransplantTest {
    /** The network with the head computes every output the source computes, bit for bit, then the head's rows. */
    @Test
    void theConfidenceVariantServesTheSourcesOutputsAndThenTheHead() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock v3 = KeypointNetwork.build(KeypointNetwork.V3, 0f);
            v3.initialize(m, DataType.FLOAT32, KeypointNetwork.INPUT_SHAPE);
            SequentialBlock v3c = KeypointNetwork.build(KeypointNetwork.V3C, 0f);
            v3c.initialize(m, DataType.FLOAT32, KeypointNetwork.INPUT_SHAPE);
            float[] w = new float[Keypoint.COUNT * LaplaceHead.FEATURES];
            float[] b = new float[Keypoint.COUNT];
            Arrays.fill(b, -2.5f);
            ConfidenceFit.transplant(v3, v3c, new LaplaceHead(w, b, 0, 0));

            NDArray x = m.randomUniform(-1, 1, new Shape(4, 1, 96, 96));
            ParameterStore ps = new ParameterStore(m, false);
            float[] a = v3.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            float[] c = v3c.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            int na = KeypointNetwork.outputs(KeypointNetwork.V3);
            int nc = KeypointNetwork.outputs(KeypointNetwork.V3C);
            assertEquals(na + Keypoint.COUNT, nc);
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(Arrays.copyOfRange(a, i * na, (i + 1) * na), Arrays.copyOfRange(c, i * nc, i * nc + na),
                        "face " + i);
                for (int k = 0; k < Keypoint.COUNT; k++) {
                    assertEquals(-2.5f, c[i * nc + na + k], 1e-6f, "log scale of point " + k);
                }
            }
        }
    }
}
