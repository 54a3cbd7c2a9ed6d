package dev.facestream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.SequentialBlock;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.core.keypoints.KeypointFlip;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeypointTranslatorTest {
    private static GrayImage randomCrop(long seed) {
        byte[] px = new byte[96 * 96];
        new Random(seed).nextBytes(px);
        return new GrayImage(96, 96, px);
    }

    private static GrayImage mirrored(GrayImage g) {
        byte[] out = new byte[g.pixels().length];
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 96; x++) {
                out[y * 96 + x] = g.pixels()[y * 96 + 95 - x];
            }
        }
        return new GrayImage(96, 96, out);
    }

    private static float[][] predict(boolean flip, List<GrayImage> crops) throws Exception {
        return predict(flip, null, crops);
    }

    private static float[][] predict(boolean flip, float[] mirrorOffset, List<GrayImage> crops) throws Exception {
        try (Model model = Model.newInstance("t", Device.cpu(), "PyTorch")) {
            ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(7);
            SequentialBlock net = KeypointNetwork.build(KeypointNetwork.DEFAULT_ARCHITECTURE, 0f);
            net.initialize(model.getNDManager(), DataType.FLOAT32, KeypointNetwork.INPUT_SHAPE);
            model.setBlock(net);
            try (Predictor<List<GrayImage>, List<CropKeypoints>> p = model.newPredictor(
                    new KeypointTranslator(new Preprocessing(true), flip,
                            KeypointNetwork.outputs(KeypointNetwork.DEFAULT_ARCHITECTURE), null, mirrorOffset))) {
                List<CropKeypoints> found = p.predict(crops);
                for (CropKeypoints k : found) {
                    assertTrue(Double.isNaN(k.confidence()), "the network has no confidence head: NaN, not a guess");
                }
                return found.stream().map(CropKeypoints::xy).toArray(float[][]::new);
            }
        }
    }

    @Test
    void testTimeFlipGivesTheMirrorImageOfAMirroredCropsAnswer() throws Exception {
        GrayImage a = randomCrop(1);
        GrayImage b = randomCrop(2);
        float[][] out = predict(true, List.of(a, b, mirrored(a)));
        assertEquals(3, out.length, "one answer per crop, not per forward row");
        // averaging f(c) with mirror(f(mirror(c))) is symmetric by construction, whatever the weights
        float[] expected = KeypointFlip.flip(out[0], 96);
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], out[2][j], 1e-3, "coordinate " + j);
        }
        float[][] plain = predict(false, List.of(a, mirrored(a)));
        float[] plainMirrored = KeypointFlip.flip(plain[1], 96);
        boolean differs = false;
        for (int j = 0; j < plainMirrored.length; j++) {
            assertEquals((plain[0][j] + plainMirrored[j]) / 2, out[0][j], 1e-3, "average of the two passes, " + j);
            differs |= Math.abs(plain[0][j] - out[0][j]) > 1e-3;
        }
        assertTrue(differs, "an untrained net is not mirror-symmetric, so the flip must change its answer");
    }

    /** A network trained on mirrored crops labelled mirror(label) + d answers them d off: d comes off before mirroring back. */
    @Test
    void testTimeFlipTakesTheMirrorOffsetOffTheMirroredAnswer() throws Exception {
        GrayImage a = randomCrop(3);
        float[] d = new float[30];
        for (int j = 0; j < d.length; j++) {
            d[j] = j % 2 == 0 ? 3f + 0.1f * j : -0.05f * j;
        }
        float[][] plain = predict(false, List.of(a, mirrored(a)));
        float[] answer = plain[1].clone();
        for (int j = 0; j < answer.length; j++) {
            answer[j] -= d[j];
        }
        float[] back = KeypointFlip.flip(answer, 96);
        float[] out = predict(true, d, List.of(a))[0];
        float[] uncorrected = predict(true, List.of(a))[0];
        for (int j = 0; j < out.length; j++) {
            assertEquals((plain[0][j] + back[j]) / 2, out[j], 1e-3, "coordinate " + j);
        }
        // x moves by half the (mirrored partner's) offset, y by minus half of it
        assertEquals(uncorrected[0] + (3f + 0.1f * 2) / 2, out[0], 1e-3, "left eye x: its partner's d, halved");
    }

    @Test
    void aMirrorOffsetOfAnotherLengthIsRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new KeypointTranslator(new Preprocessing(true), true, 30, null, new float[29]));
        assertTrue(e.getMessage().contains("30 values, not 29"), e.getMessage());
    }
}
