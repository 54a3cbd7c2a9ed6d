package dev.facestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.trainer.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Youtube68ReaderTest {
    @TempDir
    Path dir;

    /** Two real images and their label rows, copied from the shared data. */
    private List<String> setUp() throws IOException {
        Path src = TestData.youtubeFaces();
        List<String> lines = Files.readAllLines(src.resolve("keypoints.csv"));
        Files.createDirectories(dir.resolve("images"));
        for (String row : lines.subList(1, 3)) {
            String name = row.substring(0, row.indexOf(','));
            Files.copy(src.resolve("images").resolve(name), dir.resolve("images").resolve(name));
        }
        return lines.subList(0, 3);
    }

    private void write(List<String> rows) throws IOException {
        Files.write(dir.resolve("keypoints.csv"), rows);
    }

    @Test
    void readsGoodRowsAndProjectsTo15() throws IOException {
        List<String> rows = setUp();
        write(rows);
        FaceDataSet set = Youtube68Reader.read(dir, false);
        assertEquals(2, set.faces().size());
        LabelledFace f = set.faces().get(0);
        assertEquals(Keypoint.COORDINATES, f.keypoints().length);
        assertTrue(f.hasAllKeypoints());
        assertEquals(Youtube68Reader.personOf(f.id()), f.person());
        // subject's left eye is at the larger x
        assertTrue(f.keypoints()[0] > f.keypoints()[2]);
        assertEquals(16, set.fingerprint().length());
    }

    @Test
    void personIsTheNameWithoutFrameNumber() {
        assertEquals("Abdel_Aziz_Al-Hakim", Youtube68Reader.personOf("Abdel_Aziz_Al-Hakim_101.png"));
        assertEquals("John_Doe", Youtube68Reader.personOf("John_Doe_02.png"));
    }

    @Test
    void wrongColumnCountNamesFileAndLine() throws IOException {
        List<String> rows = setUp();
        write(List.of(rows.get(0), rows.get(1), rows.get(2).substring(0, rows.get(2).lastIndexOf(','))));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Youtube68Reader.read(dir, false));
        assertTrue(e.getMessage().contains("keypoints.csv:3"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 137 columns"), e.getMessage());
    }

    /** The error of reading the first face's row with cell {@code column} set to {@code value}. */
    private DataFormatException readWithCell(int column, String value) throws IOException {
        List<String> rows = setUp();
        String[] cells = rows.get(1).split(",");
        cells[column] = value;
        write(List.of(rows.get(0), String.join(",", cells)));
        return assertThrows(DataFormatException.class, () -> Youtube68Reader.read(dir, false));
    }

    @Test
    void nonNumericCoordinateNamesTheColumn() throws IOException {
        DataFormatException e = readWithCell(5, "abc");
        assertTrue(e.getMessage().contains(":2: column x2: 'abc' is not a number"), e.getMessage());
    }

    @Test
    void outOfRangeCoordinateIsRejected() throws IOException {
        DataFormatException e = readWithCell(2, "99999");
        assertTrue(e.getMessage().contains("column y0: coordinate 99999.0 is outside"), e.getMessage());
    }

    @Test
    void missingAndUnreadableImagesAreNamed() throws IOException {
        List<String> rows = setUp();
        Files.writeString(dir.resolve("images/broken.png"), "not a png");
        String broken = "broken.png" + rows.get(1).substring(rows.get(1).indexOf(','));
        String missing = "nobody_00.png" + rows.get(1).substring(rows.get(1).indexOf(','));
        write(List.of(rows.get(0), missing));
        DataFormatException e1 = assertThrows(DataFormatException.class, () -> Youtube68Reader.read(dir, false));
        assertTrue(e1.getMessage().contains("image 'nobody_00.png' does not exist"), e1.getMessage());
        write(List.of(rows.get(0), broken));
        DataFormatException e2 = assertThrows(DataFormatException.class, () -> Youtube68Reader.read(dir, false));
        assertTrue(e2.getMessage().contains("broken.png"), e2.getMessage());
        assertTrue(e2.getMessage().contains(":2:"), e2.getMessage());
    }

    @Test
    void skipBadCountsInsteadOfStopping() throws IOException {
        List<String> rows = setUp();
        write(List.of(rows.get(0), rows.get(1), "x.png,1,2", rows.get(2)));
        FaceDataSet set = Youtube68Reader.read(dir, true);
        assertEquals(2, set.faces().size());
        assertEquals(1, set.skipped().size());
        assertTrue(set.skipped().get(0).contains("keypoints.csv:3"));
    }

    @Test
    void missingFolderIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> FaceData.read(dir.resolve("nope"), false));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void fingerprintChangesWithTheLabels() throws IOException {
        List<String> rows = setUp();
        write(rows);
        String a = Youtube68Reader.read(dir, false).fingerprint();
        String[] cells = rows.get(1).split(",");
        cells[1] = String.valueOf(Float.parseFloat(cells[1]) + 1);
        write(List.of(rows.get(0), String.join(",", cells), rows.get(2)));
        assertNotEquals(a, Youtube68Reader.read(dir, false).fingerprint());
    }
}
