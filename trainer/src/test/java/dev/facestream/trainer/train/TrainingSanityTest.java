package dev.facestream.trainer.train;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.model.KeypointModel;
import dev.facestream.model.ModelDirectory;
import dev.facestream.trainer.TestData;
import dev.facestream.trainer.data.FaceBoxes;
import dev.facestream.trainer.data.FaceData;
import dev.facestream.trainer.data.LabelledFace;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network can learn: 16 real faces, no augmentation or dropout, must be fitted to near-zero
 * loss. Then the trained weights, saved as a model directory and loaded back, must give the same
 * outputs as the trainer's own network. The default architecture here; {@link
 * HeatmapTrainingSanityTest} runs the same on the heatmap one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainingSanityTest {
    /** The architecture under test. */
    String architecture() {
        return dev.facestream.model.KeypointNetwork.DEFAULT_ARCHITECTURE;
    }

    @TempDir
    static Path tmp;

    private List<LabelledFace> faces;
    private FaceBoxes boxes;
    private KeypointTrainer.Outcome outcome;

    @BeforeAll
    void overfit() throws Exception {
        List<LabelledFace> all = FaceData.read(TestData.youtubeFaces(), false).faces();
        faces = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            faces.add(all.get(i * 211));
        }
        boxes = FaceBoxes.compute(faces, "sanity", null);
        // each "epoch" shows the 16 faces 8 times: 8 optimiser steps per checkpoint, 320 steps in all
        List<LabelledFace> repeated = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            repeated.addAll(faces);
        }
        TrainingConfig cfg = TrainingConfig.builder().architecture(architecture()).epochs(40).batchSize(16)
                .learningRate(0.003f).weightDecay(0f)
                .dropout(0f).patience(1000).validationFraction(0).seed(1).augmentation(Augmentation.none()).device("cpu")
                .modelVersion("sanity").build();
        outcome = new KeypointTrainer(cfg, new PrintStream(java.io.OutputStream.nullOutputStream()))
                .train(repeated, faces, boxes, tmp.resolve("work"));
    }

    @Test
    void overfitsSixteenFacesToNearZeroLoss() {
        List<KeypointTrainer.EpochStats> h = outcome.state().history();
        double first = h.get(0).trainLoss();
        double best = outcome.state().bestValidationLoss();
        // 0.001 in [-1, 1] units is an RMSE of 1.5 px of the 96 px crop; an untrained net scores ~0.16
        assertTrue(best < 1e-3, "best loss on the 16 training faces " + best + " (first epoch " + first + ")");
        assertTrue(best < first / 100, "loss fell from " + first + " to only " + best);
    }

    @Test
    void saveThenLoadGivesIdenticalOutputs() throws Exception {
        Path dir = tmp.resolve("model");
        KeypointTrainer.installWeights(outcome.bestParams(), dir);
        TrainingConfig cfg = TrainingConfig.builder().architecture(architecture()).epochs(1).batchSize(16)
                .learningRate(0.003f).weightDecay(0f)
                .dropout(0f).patience(1).validationFraction(0).seed(1).augmentation(Augmentation.none()).device("cpu")
                .modelVersion("sanity").build();
        ModelDirectory.writeMetadata(dir, dev.facestream.trainer.TrainingJobAccess.metadata(cfg, outcome.parameters()));
        List<GrayImage> crops = new ArrayList<>();
        for (LabelledFace f : faces) {
            crops.add(CropRule.crop(f.image(), CropRule.forBox(boxes.get(f).box())));
        }
        float[][] first;
        try (KeypointModel m = KeypointModel.load(dir, "cpu");
             Predictor<List<GrayImage>, List<CropKeypoints>> p = m.newPredictor()) {
            first = xy(p.predict(crops));
        }
        try (KeypointModel m = KeypointModel.load(dir, "cpu");
             Predictor<List<GrayImage>, List<CropKeypoints>> p = m.newPredictor()) {
            float[][] second = xy(p.predict(crops));
            assertEquals(16, second.length);
            for (int i = 0; i < second.length; i++) {
                assertArrayEquals(first[i], second[i], 0f, "face " + i);
            }
            // and a batch of one gives the same answer as the batch of sixteen
            assertArrayEquals(first[3], p.predict(List.of(crops.get(3))).get(0).xy(), 1e-3f);
        }
        // the loaded model predicts the training faces it overfitted: RMSE under 2 px of the crop
        double sq = 0;
        int n = 0;
        for (int i = 0; i < faces.size(); i++) {
            float[] truth = CropRule.forBox(boxes.get(faces.get(i)).box()).keypointsToCrop(faces.get(i).keypoints());
            for (int j = 0; j < truth.length; j++) {
                sq += (truth[j] - first[i][j]) * (truth[j] - first[i][j]);
                n++;
            }
        }
        assertTrue(Math.sqrt(sq / n) < 2.0, "RMSE of the reloaded model on its training faces " + Math.sqrt(sq / n));
    }

    private static float[][] xy(List<CropKeypoints> found) {
        return found.stream().map(CropKeypoints::xy).toArray(float[][]::new);
    }
}
