package dev.facestream.trainer.confidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.model.KeypointModel;
import dev.facestream.model.KeypointNetwork;
import dev.facestream.model.ModelDirectory;
import dev.facestream.model.ModelMetadata;
import dev.facestream.testkit.TestModels;
import dev.facestream.trainer.TestData;
import dev.facestream.trainer.data.FaceBoxes;
import dev.facestream.trainer.data.LabelledFace;
import dev.facestream.trainer.data.PersonSplit;
import dev.facestream.trainer.train.Augmentation;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfidenceFitTest {
    @TempDir
    Path tmp;

    /**
     * The step on a few faces: the new model serves exactly the source's points, says it has a
     * confidence head and a calibration, and gives every face a probability.
     */
    @Test
    void theModelWithAHeadServesTheSourcesPointsAndAConfidence() throws Exception {
        List<LabelledFace> faces = TestData.spreadFaces(48, 5, 73);
        PersonSplit split = PersonSplit.of(faces, 0.4, 1);
        FaceBoxes boxes = FaceBoxes.compute(faces, "confidence-fit-test", null);
        Path source = TestModels.trained();
        Path out = tmp.resolve("with-head");
        ConfidenceFit.Settings settings = new ConfidenceFit.Settings(1, 2, 0.003, 1e-4, 1, Augmentation.defaults());
        ConfidenceFit.Report report = ConfidenceFit.run(source, split.train(), split.validation(), boxes, out, "t-c",
                "facestream fit-confidence (test)", settings, new PrintStream(OutputStream.nullOutputStream()));

        ModelMetadata m = ModelDirectory.readMetadata(out);
        assertEquals(KeypointNetwork.V3C, m.architecture());
        assertEquals("t-c", m.modelVersion());
        assertNotNull(m.inferenceOrPlain().confidence(), "calibrated");
        assertTrue(Files.isRegularFile(out.resolve(ConfidenceFit.REPORT_FILE)));
        assertEquals(split.train().size(), report.trainingSamples());
        assertTrue(report.validationFaces() > 0);

        GrayImage crop = CropRule.crop(split.validation().get(0).image(),
                CropRule.forBox(boxes.get(split.validation().get(0)).box()));
        try (KeypointModel a = KeypointModel.load(source, "cpu"); KeypointModel b = KeypointModel.load(out, "cpu");
             Predictor<List<GrayImage>, List<CropKeypoints>> pa = a.newPredictor();
             Predictor<List<GrayImage>, List<CropKeypoints>> pb = b.newPredictor()) {
            CropKeypoints ka = pa.predict(List.of(crop)).get(0);
            CropKeypoints kb = pb.predict(List.of(crop)).get(0);
            assertArrayEquals(ka.xy(), kb.xy(), 1e-4f, "the served points do not move");
            assertTrue(kb.confidence() > 0 && kb.confidence() < 1, "a probability: " + kb.confidence());
        }
    }

    /** In place, as train's last step runs it: one weights file, the one with the head, where the model format says. */
    @Test
    void inPlaceTheDirectoryKeepsOneWeightsFileWithTheHead() throws Exception {
        List<LabelledFace> faces = TestData.spreadFaces(24, 11, 149);
        PersonSplit split = PersonSplit.of(faces, 0.4, 2);
        FaceBoxes boxes = FaceBoxes.compute(faces, "confidence-fit-in-place", null);
        Path dir = tmp.resolve("in-place");
        Files.createDirectories(dir);
        try (var files = Files.list(TestModels.trained())) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        ConfidenceFit.run(dir, split.train(), split.validation(), boxes, dir, "in-place", null,
                new ConfidenceFit.Settings(1, 1, 0.003, 1e-4, 1, Augmentation.defaults()),
                new PrintStream(OutputStream.nullOutputStream()));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(ModelDirectory.PARAMS_FILE), files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".params")).toList());
        }
        assertNotNull(ModelDirectory.readMetadata(dir).inferenceOrPlain().confidence());
    }

    @Test
    void aNetworkWithoutAConfidenceVariantIsRefusedByName() throws Exception {
        Path v1 = TestModels.trained().resolveSibling("kp-v1");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(v1), "no models/kp-v1");
        assertEquals(KeypointNetwork.V1, ModelDirectory.readMetadata(v1).architecture());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfidenceFit.run(v1,
                List.of(), List.of(), null, tmp.resolve("out"), "x", null, null,
                new PrintStream(OutputStream.nullOutputStream())));
        assertTrue(e.getMessage().contains(KeypointNetwork.V1) && e.getMessage().contains("confidence"), e.getMessage());
    }

    @Test
    void theHeatmapNetworkIsRefusedByNameToo() throws Exception {
        // only the metadata is read before the refusal: kp-v1's, renamed to the heatmap architecture
        // (and its weights file beside it, which a model directory must have)
        Path v1 = TestModels.trained().resolveSibling("kp-v1");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(v1), "no models/kp-v1");
        Path v3h = Files.createDirectories(tmp.resolve("v3h"));
        Files.copy(v1.resolve(ModelDirectory.PARAMS_FILE), v3h.resolve(ModelDirectory.PARAMS_FILE));
        Files.writeString(v3h.resolve(ModelDirectory.METADATA_FILE), Files.readString(v1.resolve(
                ModelDirectory.METADATA_FILE)).replace("\"" + KeypointNetwork.V1 + "\"", "\"" + KeypointNetwork.V3H + "\""));
        assertEquals(KeypointNetwork.V3H, ModelDirectory.readMetadata(v3h).architecture());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfidenceFit.run(v3h,
                List.of(), List.of(), null, tmp.resolve("out-v3h"), "x", null, null,
                new PrintStream(OutputStream.nullOutputStream())));
        assertTrue(e.getMessage().contains(KeypointNetwork.V3H) && e.getMessage().contains("no confidence-head variant"),
                e.getMessage());
    }
}
