package dev.facestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.wire.LabelledCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NegativesCsvReaderTest {
    @TempDir
    Path dir;

    private static byte[] gray(int value) {
        byte[] p = new byte[LabelledCsv.SIDE * LabelledCsv.SIDE];
        java.util.Arrays.fill(p, (byte) value);
        return p;
    }

    /** A folder as the review page leaves it when every answer was "not a face": a header-only training.csv. */
    private Path folder(String... negativeRows) throws IOException {
        Files.writeString(dir.resolve("training.csv"), LabelledCsv.header() + "\n");
        List<String> lines = new ArrayList<>();
        lines.add(LabelledCsv.negativesHeader());
        lines.addAll(List.of(negativeRows));
        Files.write(dir.resolve(NegativesCsvReader.FILE), lines);
        return dir;
    }

    @Test
    void aFolderWithAHeaderOnlyTrainingCsvGivesItsNegativesAndNoFaces() throws IOException {
        folder(LabelledCsv.negativeRow("cam,1", 7, 101, gray(9)), LabelledCsv.negativeRow("cam-2", 3, 5, gray(250)));
        TrainingData data = TrainingData.read(List.of(TrainingData.Source.of(dir)), false);
        assertEquals(List.of(), data.faces());
        List<NegativeCrop> n = data.negatives();
        assertEquals(2, n.size());
        assertEquals("cam,1", n.get(0).stream(), "the stream cell is URL-decoded");
        assertEquals(LabelledCsv.person("cam%2C1", "7"), n.get(0).person(), "the person is stream and track, as a face's");
        assertEquals(LabelledCsv.person("cam%2C1", "7") + "/frame=101", n.get(0).id());
        assertEquals(9, n.get(0).crop().get(95, 95));
        assertEquals(250, n.get(1).crop().get(0, 0));
        assertEquals(LabelledCsv.SIDE, n.get(1).crop().width());
    }

    @Test
    void aBadRowIsRefusedNamingFileLineAndProblemOrSkipped() throws IOException {
        String bad = LabelledCsv.negativeRow("cam", 1, 2, gray(1)).replaceFirst(" 1 ", " 300 ");
        folder(LabelledCsv.negativeRow("cam", 1, 1, gray(1)), bad);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> TrainingData.read(List.of(TrainingData.Source.of(dir)), false));
        assertTrue(e.getMessage().startsWith(dir.resolve(NegativesCsvReader.FILE) + ":3: column Image, pixel 1: 300"),
                e.getMessage());

        TrainingData skipping = TrainingData.read(List.of(TrainingData.Source.of(dir)), true);
        assertEquals(1, skipping.negatives().size());
        assertEquals(1, skipping.skipped().size());
        assertTrue(skipping.skipped().get(0).contains(":3: column Image"), skipping.skipped().get(0));
    }

    @Test
    void aRowWithoutItsTrackOrWithTooFewPixelsSaysSo() throws IOException {
        folder(",1,2," + "5 ".repeat(LabelledCsv.SIDE * LabelledCsv.SIDE).trim(), "cam,1,2,5 5 5");
        Path csv = dir.resolve(NegativesCsvReader.FILE);
        NegativesCsvReader.NegativeSet set = NegativesCsvReader.read(csv, true);
        assertEquals(List.of(csv + ":2: columns stream and track must both be given (they say whose face it is, for "
                + "the split by person)", csv + ":3: column Image has 3 pixels, expected 9216 (96x96)"), set.skipped());
    }

    @Test
    void aHeaderWithoutTheImageColumnIsRefused() throws IOException {
        Path csv = dir.resolve(NegativesCsvReader.FILE);
        Files.writeString(csv, "stream,track,frame\ncam,1,2\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> NegativesCsvReader.read(csv, false));
        assertEquals(csv + ":1: header has no column Image (expected " + LabelledCsv.negativesHeader() + ")",
                e.getMessage());
    }

    @Test
    void aFolderWithoutNegativesHasNone() throws IOException {
        Files.writeString(dir.resolve("training.csv"), LabelledCsv.header() + "\n");
        assertEquals(List.of(), TrainingData.read(List.of(TrainingData.Source.of(dir)), false).negatives());
    }
}
