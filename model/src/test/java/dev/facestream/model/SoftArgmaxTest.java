package dev.facestream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.facestream.core.keypoints.Keypoint;
import org.junit.jupiter.api.Test;

class SoftArgmaxTest {
    private static float[] forward(NDManager m, float[] logits, Shape shape) {
        SoftArgmax block = new SoftArgmax();
        block.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, shape);
        return block.forward(new ParameterStore(m, false), new NDList(m.create(logits, shape)), false)
                .singletonOrThrow().toFloatArray();
    }

    @Test
    void cellCentresAreThePixelCentresTheCellsCover() {
        // 12 cells of 8 crop pixels: cell 0 holds pixels 0..7, centre 3.5; cell 11 pixels 88..95, centre 91.5
        float[] c = SoftArgmax.cellCentres(12);
        assertEquals(3.5f, Preprocessing.toCropCoordinate(c[0]), 1e-5f);
        assertEquals(91.5f, Preprocessing.toCropCoordinate(c[11]), 1e-5f);
        assertEquals(8f, Preprocessing.toCropCoordinate(c[5]) - Preprocessing.toCropCoordinate(c[4]), 1e-5f);
    }

    @Test
    void aMapPeakedAtOneCellAnswersThatCellsCentreInItsOwnSlots() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            int maps = 3;
            int h = 12;
            int w = 12;
            // map 0 peaked at row 2, column 9; map 1 at row 11, column 0; map 2 at row 5, column 6
            int[][] peaks = {{2, 9}, {11, 0}, {5, 6}};
            float[] logits = new float[2 * maps * h * w];
            for (int n = 0; n < 2; n++) {
                for (int k = 0; k < maps; k++) {
                    for (int i = 0; i < h * w; i++) {
                        logits[(n * maps + k) * h * w + i] = -40f;
                    }
                    int[] at = n == 0 ? peaks[k] : peaks[maps - 1 - k];
                    logits[(n * maps + k) * h * w + at[0] * w + at[1]] = 40f;
                }
            }
            float[] out = forward(m, logits, new Shape(2, maps, h, w));
            assertEquals(2 * maps * 2, out.length);
            float[] c = SoftArgmax.cellCentres(12);
            for (int n = 0; n < 2; n++) {
                for (int k = 0; k < maps; k++) {
                    int[] at = n == 0 ? peaks[k] : peaks[maps - 1 - k];
                    assertEquals(c[at[1]], out[n * maps * 2 + 2 * k], 1e-5f, "x of face " + n + " map " + k);
                    assertEquals(c[at[0]], out[n * maps * 2 + 2 * k + 1], 1e-5f, "y of face " + n + " map " + k);
                }
            }
        }
    }

    @Test
    void aUniformMapAnswersTheCropCentreAndTwoEqualPeaksTheirMidpoint() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] logits = new float[2 * 12 * 12];
            java.util.Arrays.fill(logits, 0, 144, 3.7f);
            java.util.Arrays.fill(logits, 144, 288, -30f);
            logits[144 + 4 * 12 + 1] = 10f;
            logits[144 + 4 * 12 + 7] = 10f;
            float[] out = forward(m, logits, new Shape(1, 2, 12, 12));
            // pixel k's centre is at k, so the 96-pixel crop's centre is 47.5
            float centre = Preprocessing.toOutput(47.5f);
            assertArrayEquals(new float[] {centre, centre}, new float[] {out[0], out[1]}, 1e-5f);
            float[] c = SoftArgmax.cellCentres(12);
            assertEquals((c[1] + c[7]) / 2, out[2], 1e-5f);
            assertEquals(c[4], out[3], 1e-5f);
        }
    }

    @Test
    void theHeatmapNetworkStartsAtTheCropCentreWithNearZeroHeadWeights() {
        // the trainer's init (KeypointTrainer): the head weight near zero makes every map near uniform
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock net = KeypointNetwork.build(KeypointNetwork.V3H, 0f);
            net.setInitializer(new ai.djl.training.initializer.NormalInitializer(0.001f),
                    p -> p == KeypointNetwork.headWeight(net));
            net.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, KeypointNetwork.INPUT_SHAPE);
            NDArray out = net.forward(new ParameterStore(m, false),
                    new NDList(m.randomUniform(-1f, 1f, new Shape(2, 1, 96, 96))), false).singletonOrThrow();
            assertEquals(new Shape(2, KeypointNetwork.outputs(KeypointNetwork.V3H)), out.getShape());
            assertEquals(Keypoint.COORDINATES + KeypointNetwork.LANDMARKS68_VALUES, out.getShape().get(1));
            float worst = out.sub(Preprocessing.toOutput(47.5f)).abs().max().getFloat();
            assertTrue(worst < 0.01f, "first outputs up to " + worst + " from the crop centre");
        }
    }
}
