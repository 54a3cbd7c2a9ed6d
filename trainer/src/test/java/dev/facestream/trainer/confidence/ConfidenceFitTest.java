package dev.facestream.trainer.confidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.model.FaceConfidence;
import dev.facestream.model.KeypointModel;
import dev.facestream.model.KeypointNetwork;
import dev.facestream.model.ModelDirectory;
import dev.facestream.model.ModelMetadata;
import dev.facestream.testkit.TestModels;
import dev.facestream.trainer.TestData;
import dev.facestream.trainer.data.FaceBoxes;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.trainer.data.LabelledFace;
import dev.facestream.trainer.data.NegativeCrop;
import dev.facestream.trainer.eval.NegativeConfidence;
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

    /** Faces of the shared folder split 60/40 by person, with their boxes. */
    private record Faces(PersonSplit split, FaceBoxes boxes) {
        static Faces spread(int count, int first, int step, long seed, String name) throws Exception {
            List<LabelledFace> faces = TestData.spreadFaces(count, first, step);
            return new Faces(PersonSplit.of(faces, 0.4, seed), FaceBoxes.compute(faces, name, null));
        }

        /** The step on these faces, from {@code source} to {@code out}. */
        ConfidenceFit.Report fit(Path source, Path out, String version, String command, ConfidenceFit.Settings settings,
                PrintStream log) throws Exception {
            return fit(source, out, version, command, settings, PersonSplit.Negatives.NONE, log);
        }

        /** The same with negatives. */
        ConfidenceFit.Report fit(Path source, Path out, String version, String command, ConfidenceFit.Settings settings,
                PersonSplit.Negatives negatives, PrintStream log) throws Exception {
            return ConfidenceFit.run(source, split.train(), split.validation(), negatives, boxes, out, version, command,
                    settings, log);
        }

        /**
         * "Not a face" crops of these faces' frames: the top left corner of each, a square a quarter
         * of the frame's shorter side (background, hair or clothes in these frames), cut by the crop
         * rule as if the detector had boxed it; the same persons as the faces they come from.
         */
        List<NegativeCrop> backgroundOf(List<LabelledFace> faces) {
            return faces.stream().map(f -> {
                float side = Math.min(f.image().width(), f.image().height()) / 4f;
                GrayImage crop = CropRule.crop(f.image(), CropRule.forBox(new FaceBox(0, 0, side, side, 0f)));
                return new NegativeCrop(f.id() + "/background", f.person(), f.person(), crop);
            }).toList();
        }
    }

    /** The step's settings with few passes, on the training augmentation and the fitted network's own errors. */
    private static ConfidenceFit.Settings settings(int rounds, int epochs) {
        return new ConfidenceFit.Settings(rounds, epochs, 0.003, 1e-4, 1, Augmentation.defaults(), List.of(),
                ConfidenceFit.NEGATIVE_ERROR);
    }

    /**
     * The step on a few faces: the new model serves exactly the source's points, says it has a
     * confidence head and a calibration, and gives every face a probability.
     */
    @Test
    void theModelWithAHeadServesTheSourcesPointsAndAConfidence() throws Exception {
        Faces f = Faces.spread(48, 5, 73, 1, "confidence-fit-test");
        Path source = TestModels.trained();
        Path out = tmp.resolve("with-head");
        ConfidenceFit.Report report = f.fit(source, out, "t-c", "facestream fit-confidence (test)", settings(1, 2),
                new PrintStream(OutputStream.nullOutputStream()));
        PersonSplit split = f.split();
        FaceBoxes boxes = f.boxes();

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
        Faces faces = Faces.spread(24, 11, 149, 2, "confidence-fit-in-place");
        PersonSplit split = faces.split();
        FaceBoxes boxes = faces.boxes();
        Path dir = tmp.resolve("in-place");
        Files.createDirectories(dir);
        try (var files = Files.list(TestModels.trained())) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        ConfidenceFit.run(dir, split.train(), split.validation(), boxes, dir, "in-place", null,
                settings(1, 1),
                new PrintStream(OutputStream.nullOutputStream()));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(ModelDirectory.PARAMS_FILE), files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".params")).toList());
        }
        assertNotNull(ModelDirectory.readMetadata(dir).inferenceOrPlain().confidence());
    }

    /**
     * Negatives of the training persons in the head's fit raise the error the head predicts for
     * crops like them, against the faces', above what a head fitted on the faces alone predicts: so
     * they get a lower confidence from any calibration that is not degenerate. (This fixture's few
     * validation faces are all right, so its calibration gives every crop the same probability:
     * the relative scale, the calibration's one input, is what is compared.) The served points stay
     * the source's, and the report counts the negatives.
     */
    @Test
    void aHeadFittedWithNegativesPredictsTheirErrorsLarger() throws Exception {
        Faces f = Faces.spread(48, 5, 73, 1, "confidence-fit-test");
        Path source = TestModels.trained();
        List<NegativeCrop> fitOn = f.backgroundOf(f.split().train());
        List<GrayImage> heldOut = f.backgroundOf(f.split().validation()).stream().map(NegativeCrop::crop).toList();
        List<GrayImage> faces = f.split().validation().stream()
                .map(v -> CropRule.crop(v.image(), CropRule.forBox(f.boxes().get(v).box()))).toList();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        ConfidenceFit.Settings settings = settings(1, 20);
        Path without = tmp.resolve("without");
        Path with = tmp.resolve("with");
        f.fit(source, without, "without", null, settings, quiet);
        ConfidenceFit.Report report = f.fit(source, with, "with", null, settings,
                new PersonSplit.Negatives(fitOn, List.of()), quiet);
        assertEquals(fitOn.size(), report.negatives().inHeadFit());
        assertEquals(0, report.negatives().heldOut());
        assertEquals(f.split().train().size(), report.trainingSamples(), "the faces' rows, without the negatives'");

        double gapWithout = median(logScales(without, heldOut)) - median(logScales(without, faces));
        double gapWith = median(logScales(with, heldOut)) - median(logScales(with, faces));
        assertTrue(gapWith > gapWithout, "held-out negatives' median ln relative scale above the validation faces': "
                + gapWith + " with negatives in the head's fit, " + gapWithout + " without");
        assertArrayEquals(predict(source, faces.get(0)).xy(), predict(with, faces.get(0)).xy(), 0f,
                "the served points do not move");
    }

    /** ln relative scale ({@link FaceConfidence#signals}) of each crop by the confidence-head model in {@code dir}. */
    private static double[] logScales(Path dir, List<GrayImage> crops) throws Exception {
        ModelMetadata m = ModelDirectory.readMetadata(dir);
        try (Model model = Model.newInstance(ModelDirectory.MODEL_NAME, ai.djl.Device.cpu(), "PyTorch")) {
            SequentialBlock net = KeypointNetwork.build(m.architecture(), 0f);
            model.setBlock(net);
            model.load(dir, ModelDirectory.MODEL_NAME);
            double[] out = new double[crops.size()];
            for (int i = 0; i < crops.size(); i++) {
                float[] input = new float[CropRule.SIZE * CropRule.SIZE];
                m.preprocessing().toInput(crops.get(i), input, 0);
                try (NDManager nd = model.getNDManager().newSubManager()) {
                    float[] row = net.forward(new ParameterStore(nd, false),
                            new NDList(nd.create(input, KeypointNetwork.INPUT_SHAPE)), false).singletonOrThrow()
                            .toFloatArray();
                    out[i] = FaceConfidence.signals(row, 0).logScale();
                }
            }
            return out;
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * Validation persons' negatives are scored and reported, but the faces' calibration is fitted
     * on the faces alone: it is the same as without them.
     */
    @Test
    void heldOutNegativesAreScoredButNotFittedOn() throws Exception {
        Faces f = Faces.spread(30, 5, 113, 3, "confidence-fit-error-models");
        List<NegativeCrop> heldOut = f.backgroundOf(f.split().validation());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        ConfidenceFit.Report report = f.fit(TestModels.trained(), tmp.resolve("calibrated"), "calibrated", null,
                settings(1, 3), new PersonSplit.Negatives(List.of(), heldOut), quiet);
        ConfidenceFit.Report without = f.fit(TestModels.trained(), tmp.resolve("faces-only"), "faces-only", null,
                settings(1, 3), PersonSplit.Negatives.NONE, quiet);
        assertEquals(without.calibration(), report.calibration(), "the negatives do not move the faces' calibration");
        assertEquals(heldOut.size(), report.negatives().heldOut());
        assertEquals(heldOut.size(), report.negatives().served().crops());
        assertEquals(heldOut.size(), report.negatives().crossFitted().crops());
        assertEquals(medianConfidence(tmp.resolve("calibrated"), heldOut), report.negatives().served().median(), 1e-6,
                "the report's median is what the served model gives them");
        assertTrue(report.validationFaces() > 0 && report.confidence().faces() == report.validationFaces(),
                "the faces' figures count faces only");
    }

    private static CropKeypoints predict(Path model, GrayImage crop) throws Exception {
        try (KeypointModel m = KeypointModel.load(model, "cpu");
             Predictor<List<GrayImage>, List<CropKeypoints>> p = m.newPredictor()) {
            return p.predict(List.of(crop)).get(0);
        }
    }

    private static double medianConfidence(Path model, List<NegativeCrop> crops) throws Exception {
        NegativeConfidence c = new NegativeConfidence();
        try (KeypointModel m = KeypointModel.load(model, "cpu");
             Predictor<List<GrayImage>, List<CropKeypoints>> p = m.newPredictor()) {
            for (NegativeCrop n : crops) {
                c.add(p.predict(List.of(n.crop())).get(0).confidence());
            }
        }
        return c.summary().median();
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

    /**
     * Held-out error models that are copies of the fitted network give it exactly its own errors as
     * targets, so the head and the served confidence are those of the step without them: the
     * targets are wired face by face to the right fold's network, and nothing else moves.
     */
    @Test
    void errorModelsThatAreTheNetworkItselfGiveTheSameHead() throws Exception {
        Faces f = Faces.spread(30, 5, 113, 3, "confidence-fit-error-models");
        Path source = TestModels.trained();
        List<Path> folds = List.of(foldCopy(source, 1, 2), foldCopy(source, 0, 2));
        ConfidenceFit.Settings own = settings(1, 3);
        ConfidenceFit.Report a = f.fit(source, tmp.resolve("own"), "own", null, own,
                new PrintStream(OutputStream.nullOutputStream()));
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        ConfidenceFit.Report b = f.fit(source, tmp.resolve("held-out"), "held-out", null, own.withErrorModels(folds),
                new PrintStream(log, true));

        assertEquals(a.firstLoss(), b.firstLoss(), 1e-9);
        assertEquals(a.lastLoss(), b.lastLoss(), 1e-9);
        assertEquals(a.confidence().auroc(), b.confidence().auroc(), 1e-12);
        assertEquals(folds.stream().map(Path::toString).toList(), b.settings().errorModels());
        assertTrue(log.toString().contains("1.00x the fitted network's own"), log.toString());
    }

    @Test
    void errorModelsNotMadeAsFoldsOfTheSameSplitAreRefusedByName() throws Exception {
        List<LabelledFace> faces = TestData.spreadFaces(12, 4, 5);
        PersonSplit split = PersonSplit.of(faces, 0.4, 3);
        Path source = TestModels.trained();
        ConfidenceFit.Settings base = settings(1, 1);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Path noFold = TestModels.trained();
        Path f0 = foldCopy(source, 0, 2);
        Path otherSeed = tmp.resolve("other-seed");
        copy(source, otherSeed);
        editMetadata(otherSeed, hp -> {
            hp.put("seed", 7);
            hp.set("held_out_fold", ModelDirectory.JSON.createObjectNode().put("index", 1).put("count", 2));
        });
        for (List<Path> given : List.of(List.of(noFold, f0), List.of(f0, f0), List.of(f0, otherSeed), List.of(f0))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfidenceFit.run(source,
                    split.train(), split.validation(), null, tmp.resolve("x"), "x", null,
                    base.withErrorModels(given), quiet), given.toString());
            String why = given.get(0).equals(noFold) ? noFold + " was not trained with a fold held out"
                    : given.size() == 1 ? "give one model for every fold"
                    : given.get(1).equals(f0) ? "both held out fold 0 of 2" : otherSeed + " has seed 7";
            assertTrue(e.getMessage().contains(why), e.getMessage());
        }
    }

    private Path foldCopy(Path source, int index, int count) throws Exception {
        Path dir = tmp.resolve("fold-" + index + "-of-" + count);
        copy(source, dir);
        editMetadata(dir, hp -> hp.set("held_out_fold",
                ModelDirectory.JSON.createObjectNode().put("index", index).put("count", count)));
        return dir;
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static void editMetadata(Path dir, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit)
            throws Exception {
        Path file = dir.resolve(ModelDirectory.METADATA_FILE);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ModelDirectory.JSON.readTree(file.toFile());
        edit.accept((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("hyperparameters"));
        ModelDirectory.JSON.writeValue(file.toFile(), tree);
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
