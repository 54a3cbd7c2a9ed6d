package dev.facestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.wire.LabelledCsv;
import dev.facestream.model.ModelDirectory;
import dev.facestream.model.ModelMetadata;
import dev.facestream.trainer.TrainingJob;
import dev.facestream.trainer.train.Augmentation;
import dev.facestream.trainer.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {
    @TempDir
    Path tmp;

    /** A relabelled folder as {@code facestream review} writes it: {@code tracks} tracks of {@code frames} frames. */
    static Path relabelled(Path dir, String stream, int tracks, int frames) throws IOException {
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>();
        lines.add(LabelledCsv.header());
        float[] xy = new float[Keypoint.COORDINATES];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = 30 + i;
        }
        byte[] px = new byte[LabelledCsv.SIDE * LabelledCsv.SIDE];
        for (int t = 0; t < tracks; t++) {
            for (int f = 0; f < frames; f++) {
                px[0] = (byte) (t * frames + f);
                lines.add(LabelledCsv.row(xy, stream, t, 100L * t + f, px));
            }
        }
        Files.write(dir.resolve("training.csv"), lines);
        return dir;
    }

    /** Kaggle's own layout: no source columns, each row its own person. */
    static Path kaggle(Path csv, int rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", LabelledCsv.coordinateColumns()) + ",Image");
        String pixels = String.join(" ", java.util.Collections.nCopies(LabelledCsv.SIDE * LabelledCsv.SIDE, "7"));
        for (int r = 0; r < rows; r++) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < Keypoint.COORDINATES; i++) {
                row.append(30 + i + (r % 3)).append(',');
            }
            lines.add(row + pixels);
        }
        Files.createDirectories(csv.getParent());
        Files.write(csv, lines);
        return csv;
    }

    @Test
    void aSourceIsAPathWithAnOptionalWeight() {
        assertEquals(new TrainingData.Source(Path.of("labels/review"), 1.0), TrainingData.Source.parse("labels/review"));
        assertEquals(2.0, TrainingData.Source.parse("labels/review:2").weight());
        assertEquals(Path.of("labels/review"), TrainingData.Source.parse("labels/review:0.25").location());
        assertEquals(0.25, TrainingData.Source.parse("labels/review:0.25").weight());
        assertEquals(Path.of("odd:name/dir"), TrainingData.Source.parse("odd:name/dir").location(),
                "a suffix that is no number belongs to the path");
        for (String bad : new String[] {"labels:0", "labels:-1", "labels:1.2.3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingData.Source.parse(bad));
            assertTrue(e.getMessage().startsWith("--data " + (bad.equals("labels:0") ? "labels" : bad)), e.getMessage());
        }
        assertEquals("labels:2", TrainingData.Source.parse("labels:2").toString());
        assertEquals("labels:0.5", TrainingData.Source.parse("labels:0.5").toString());
    }

    @Test
    void relabelledRowsArePersonsByStreamAndTrackAndTheSplitKeepsThemTogether() throws IOException {
        Path a = relabelled(tmp.resolve("a"), "cam-1", 12, 5);
        Path b = relabelled(tmp.resolve("b"), "cam-2", 8, 3);
        TrainingData data = TrainingData.read(List.of(TrainingData.Source.of(a), new TrainingData.Source(b, 2)), false);
        assertEquals(12 * 5 + 8 * 3, data.faces().size());
        assertEquals("stream=cam-1/track=3", data.faces().get(15).person());
        assertEquals("stream=cam-1/track=3/frame=300", data.faces().get(15).id());

        PersonSplit split = PersonSplit.of(data.faces(), 0.25, 42);
        Set<String> trainPersons = new HashSet<>();
        split.train().forEach(f -> trainPersons.add(f.person()));
        assertFalse(split.validation().isEmpty());
        split.validation().forEach(f -> assertFalse(trainPersons.contains(f.person()), f.person() + " on both sides"));
        assertEquals(5, split.validationPersons().size(), "a quarter of the 20 tracks");
        // the split is over the faces, not the weights: the same with other weights
        TrainingData other = TrainingData.read(List.of(new TrainingData.Source(a, 0.5), TrainingData.Source.of(b)),
                false);
        assertEquals(split.validationPersons(), PersonSplit.of(other.faces(), 0.25, 42).validationPersons());
    }

    @Test
    void aWeightRepeatsOrSamplesTheTrainingFacesOfItsSource() throws IOException {
        Path a = relabelled(tmp.resolve("a"), "cam-1", 40, 5);
        Path k = kaggle(tmp.resolve("kaggle/kaggle.csv"), 30);
        TrainingData data = TrainingData.read(List.of(new TrainingData.Source(a, 0.5), new TrainingData.Source(k, 3)),
                false);
        List<LabelledFace> train = data.faces();
        List<LabelledFace> weighted = data.weighted(train, 42);
        Map<LabelledFace, Integer> seen = new java.util.IdentityHashMap<>();
        weighted.forEach(f -> seen.merge(f, 1, Integer::sum));
        long kaggleSeen = 0;
        long relabelledSeen = 0;
        for (LabelledFace f : train) {
            int n = seen.getOrDefault(f, 0);
            if (f.person().startsWith("stream=")) {
                assertTrue(n == 0 || n == 1, f.id() + " seen " + n + " times at weight 0.5");
                relabelledSeen += n;
            } else {
                assertEquals(3, n, f.id() + " at weight 3");
                kaggleSeen += n;
            }
        }
        assertEquals(90, kaggleSeen);
        assertTrue(relabelledSeen > 70 && relabelledSeen < 130, "about half of 200: " + relabelledSeen);
        assertEquals(weighted, data.weighted(train, 42), "seeded");
        assertNotEquals(weighted, data.weighted(train, 43), "another seed, another half");

        TrainingData unweighted = TrainingData.read(List.of(TrainingData.Source.of(a), TrainingData.Source.of(k)),
                false);
        assertSame(unweighted.faces(), unweighted.weighted(unweighted.faces(), 42), "weight 1: the faces as they are");
    }

    @Test
    void oneSourceOfWeightOneIsReadAsBefore() throws IOException {
        Path k = kaggle(tmp.resolve("kaggle/training.csv"), 10);
        FaceDataSet plain = FaceData.read(k, false);
        TrainingData one = TrainingData.read(List.of(TrainingData.Source.of(k)), false);
        assertEquals(plain.fingerprint(), one.fingerprint());
        assertEquals(plain.faces().stream().map(LabelledFace::person).toList(),
                one.faces().stream().map(LabelledFace::person).toList());
        assertEquals(k.toString(), one.describe());
        TrainingData weighted = TrainingData.read(List.of(new TrainingData.Source(k, 2)), false);
        assertNotEquals(plain.fingerprint(), weighted.fingerprint(), "the weight is part of what was trained on");
        assertEquals(k + ":2", weighted.describe());
    }

    @Test
    void aFaceInTwoSourcesIsNamed() throws IOException {
        Path a = relabelled(tmp.resolve("a"), "cam-1", 2, 2);
        Path copy = relabelled(tmp.resolve("copy"), "cam-1", 2, 2);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> TrainingData.read(List.of(TrainingData.Source.of(a), TrainingData.Source.of(copy)), false));
        assertTrue(e.getMessage().contains("stream=cam-1/track=0/frame=0 is also in " + a), e.getMessage());
    }

    @Test
    void relabelledRowsNeedBothSourceCells() throws IOException {
        Path dir = relabelled(tmp.resolve("a"), "cam-1", 1, 1);
        List<String> lines = Files.readAllLines(dir.resolve("training.csv"));
        String[] cells = lines.get(1).split(",", -1);
        cells[Keypoint.COORDINATES + 1] = "";   // track
        lines.set(1, String.join(",", cells));
        Files.write(dir.resolve("training.csv"), lines);
        DataFormatException e = assertThrows(DataFormatException.class, () -> FaceData.read(dir, false));
        assertTrue(e.getMessage().contains("columns stream and track must both be given"), e.getMessage());
    }

    @Test
    void aOneEpochTrainingRunTakesTwoWeightedSources() throws Exception {
        Path a = relabelled(tmp.resolve("relabelled"), "cam-1", 10, 4);
        Path k = kaggle(tmp.resolve("kaggle/kaggle.csv"), 20);
        List<TrainingData.Source> sources = List.of(TrainingData.Source.of(k), new TrainingData.Source(a, 2));
        TrainingConfig cfg = TrainingConfig.builder().epochs(1).batchSize(16).learningRate(0.001f).weightDecay(0f)
                .dropout(0f).patience(1).validationFraction(0.2).seed(5).augmentation(Augmentation.none())
                .device("cpu").modelVersion("two-sources").build();
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        ModelMetadata meta = TrainingJob.run(sources, false, cfg, tmp.resolve("model"), tmp.resolve("work"), null,
                "test", new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));

        TrainingData data = TrainingData.read(sources, false);
        PersonSplit split = PersonSplit.of(data.faces(), 0.2, 5);
        int weightedTrain = data.weighted(split.train(), 5).size();
        assertEquals(k + "," + a + ":2", meta.training().get("data"));
        assertEquals(data.fingerprint(), meta.dataFingerprint());
        assertEquals(split.train().size(), ((Number) meta.training().get("train_faces")).intValue());
        assertTrue(weightedTrain > split.train().size(), "the relabelled faces count twice");
        assertTrue(log.toString(java.nio.charset.StandardCharsets.UTF_8).contains("(" + weightedTrain + " train / "
                + split.validation().size() + " validation"), log.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(Files.isRegularFile(tmp.resolve("model").resolve(ModelDirectory.PARAMS_FILE)));
    }

    @Test
    void aRunWithAFoldHeldOutTrainsWithoutThosePersonsAndSaysWhichFold() throws Exception {
        Path k = kaggle(tmp.resolve("folds/kaggle.csv"), 30);
        List<TrainingData.Source> sources = List.of(TrainingData.Source.of(k));
        TrainingConfig cfg = TrainingConfig.builder().epochs(1).batchSize(16).learningRate(0.001f).weightDecay(0f)
                .dropout(0f).patience(1).validationFraction(0.2).seed(5).augmentation(Augmentation.none())
                .device("cpu").modelVersion("fold-1-of-3").heldOutFold(new PersonFolds.HeldOut(1, 3)).build();
        ModelMetadata meta = TrainingJob.run(sources, false, cfg, tmp.resolve("fold-model"), tmp.resolve("fold-work"),
                null, "test", new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));

        PersonSplit split = PersonSplit.of(TrainingData.read(sources, false).faces(), 0.2, 5);
        PersonFolds folds = PersonFolds.of(split.train(), 3, 5);
        assertEquals(folds.without(split.train(), 1).size(), ((Number) meta.training().get("train_faces")).intValue());
        assertTrue(folds.without(split.train(), 1).size() < split.train().size());
        assertEquals(split.validation().size(), ((Number) meta.training().get("validation_faces")).intValue(),
                "the validation persons are the split's, fold or not");
        assertEquals(java.util.Map.of("index", 1, "count", 3), meta.hyperparameters().get("held_out_fold"));
    }
}
