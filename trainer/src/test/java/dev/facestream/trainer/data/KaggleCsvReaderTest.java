package dev.facestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.keypoints.Keypoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KaggleCsvReaderTest {
    @TempDir
    Path dir;

    static String header() {
        List<String> cols = new ArrayList<>();
        for (Keypoint k : Keypoint.values()) {
            cols.add(k.key() + "_x");
            cols.add(k.key() + "_y");
        }
        cols.add("Image");
        return String.join(",", cols);
    }

    static String row(boolean withMissing, String image) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < Keypoint.COORDINATES; i++) {
            cells.add(withMissing && i >= 4 ? "" : String.valueOf(20.5 + i));
        }
        cells.add(image);
        return String.join(",", cells);
    }

    static String pixels(int n, String value) {
        return String.join(" ", java.util.Collections.nCopies(n, value));
    }

    private Path write(String... rows) throws IOException {
        Path csv = dir.resolve("training.csv");
        List<String> lines = new ArrayList<>();
        lines.add(header());
        lines.addAll(List.of(rows));
        Files.write(csv, lines);
        return csv;
    }

    @Test
    void readsCompleteAndPartialRows() throws IOException {
        Path csv = write(row(false, pixels(9216, "128")), row(true, pixels(9216, "7")));
        FaceDataSet set = FaceData.read(dir, false);
        assertEquals(2, set.faces().size());
        LabelledFace full = set.faces().get(0);
        assertTrue(full.hasAllKeypoints());
        assertTrue(full.cropped());
        assertEquals(20.5f, full.keypoints()[0]);
        LabelledFace partial = set.faces().get(1);
        assertFalse(partial.hasAllKeypoints());
        assertEquals(22.5f, partial.keypoints()[2]);
        assertTrue(Float.isNaN(partial.keypoints()[4]));
        assertEquals(7, partial.image().get(95, 95));
        assertEquals(csv.getFileName() + ":3", partial.id());
    }

    @Test
    void identityBoxReproducesTheImage() {
        CropTransform t = CropRule.forBox(KaggleCsvReader.identityBox());
        double[] p = t.toCrop(10, 80);
        assertEquals(10, p[0], 1e-4);
        assertEquals(80, p[1], 1e-4);
    }

    @Test
    void eachKindOfBadRowNamesFileLineAndProblem() throws IOException {
        String good = pixels(9216, "1");
        assertBad("expected 31 columns, found 30", row(false, good).substring(0, row(false, good).lastIndexOf(',')));
        assertBad("column left_eye_center_x: 'x' is not a number", "x" + row(false, good).substring(4));
        assertBad("column left_eye_center_x: coordinate 120.0 is outside the 96 px image",
                "120" + row(false, good).substring(4));
        assertBad("column Image has 9215 pixels, expected 9216", row(false, pixels(9215, "1")));
        assertBad("column Image, pixel 9215: 300 is outside 0-255", row(false, pixels(9215, "1") + " 300"));
        assertBad("column Image, pixel 0: 'a' is not an integer", row(false, "a " + pixels(9215, "1")));
    }

    private void assertBad(String expected, String badRow) throws IOException {
        Path csv = write(row(false, pixels(9216, "1")), badRow);
        DataFormatException e = assertThrows(DataFormatException.class, () -> KaggleCsvReader.read(csv, false));
        assertTrue(e.getMessage().startsWith(csv + ":3: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        FaceDataSet skipped = KaggleCsvReader.read(csv, true);
        assertEquals(1, skipped.faces().size());
        assertEquals(1, skipped.skipped().size());
    }

    @Test
    void headerWithoutKeypointColumnIsRejected() throws IOException {
        Path csv = dir.resolve("training.csv");
        Files.write(csv, List.of("a,b,Image", "1,2,3"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> KaggleCsvReader.read(csv, false));
        assertTrue(e.getMessage().contains(":1: header has no column left_eye_center_x"), e.getMessage());
    }
}
