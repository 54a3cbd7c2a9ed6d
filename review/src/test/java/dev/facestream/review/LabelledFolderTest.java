package dev.facestream.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.wire.FaceReviewRecord;
import dev.facestream.core.wire.LabelledCsv;
import dev.facestream.core.wire.ReviewPage;
import dev.facestream.trainer.data.FaceDataSet;
import dev.facestream.trainer.data.KaggleCsvReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledFolderTest {
    @TempDir
    Path tmp;

    @Test
    void answersAreAppendedAndTheProgressSurvivesAReopen() throws IOException {
        LabelledFolder f = LabelledFolder.open(tmp);
        IOException busy = assertThrows(IOException.class, () -> LabelledFolder.open(tmp));
        assertTrue(busy.getMessage().contains("another facestream review is writing to this folder"),
                busy.getMessage());
        FaceReviewRecord a = ReviewFixtures.face("cam,1", 4, 10);
        FaceReviewRecord b = ReviewFixtures.face("cam,1", 4, 11);
        FaceReviewRecord c = ReviewFixtures.face("other", 9, 3);
        f.save("face-review-0", 0, a, a.cropXy());
        f.save("face-review-0", 1, b, b.cropXy());
        f.negative("face-review-1", 5, c);
        f.skip("face-review-1", 6);
        f.unreadable("face-review-0", 2, "BAD_MAGIC: not a face review record");
        f.close();

        LabelledFolder again = LabelledFolder.open(tmp);
        again.close();
        assertEquals(3L, again.nextOffset("face-review-0"));
        assertEquals(7L, again.nextOffset("face-review-1"));
        assertNull(again.nextOffset("face-review-2"));
        ReviewPage.Progress p = again.progress(0);
        assertEquals(2, p.saved());
        assertEquals(1, p.negatives());
        assertEquals(1, p.skipped());
        assertEquals(1, p.unreadable());

        List<String> rows = Files.readAllLines(tmp.resolve(LabelledFolder.TRAINING));
        assertEquals(3, rows.size(), "one header, then the rows");
        assertEquals(LabelledCsv.header(), rows.get(0));
        assertTrue(rows.get(0).startsWith("left_eye_center_x,left_eye_center_y,right_eye_center_x,"), rows.get(0));
        assertTrue(rows.get(0).endsWith(",mouth_center_bottom_lip_y,stream,track,frame,Image"), rows.get(0));
        assertTrue(rows.get(1).contains(",cam%2C1,4,10,"), "the stream id is URL-encoded: " + rows.get(1));
        List<String> negatives = Files.readAllLines(tmp.resolve(LabelledFolder.NEGATIVES));
        assertEquals(2, negatives.size());
        assertEquals(LabelledCsv.negativesHeader(), negatives.get(0));
        assertTrue(negatives.get(1).startsWith("other,9,3,"), negatives.get(1));
        assertEquals(LabelledCsv.SIDE * LabelledCsv.SIDE, negatives.get(1).split(",")[3].split(" ").length);
    }

    @Test
    void theTrainerReadsTheFileAsIsWithOnePersonPerStreamAndTrack() throws IOException {
        LabelledFolder f = LabelledFolder.open(tmp);
        for (int i = 0; i < 4; i++) {
            FaceReviewRecord r = ReviewFixtures.face(i < 3 ? "cam-a" : "cam-b", i < 2 ? 1 : 2, i);
            f.save("face-review-0", i, r, r.cropXy());
        }
        f.close();
        FaceDataSet read = KaggleCsvReader.read(tmp.resolve(LabelledFolder.TRAINING), false);
        assertEquals(4, read.faces().size());
        assertEquals(List.of("stream=cam-a/track=1", "stream=cam-a/track=1", "stream=cam-a/track=2",
                "stream=cam-b/track=2"), read.faces().stream().map(x -> x.person()).toList());
        assertTrue(read.faces().get(0).hasAllKeypoints());
        assertEquals(ReviewFixtures.face("cam-a", 1, 0).cropXy()[0], read.faces().get(0).keypoints()[0], 1e-4);
    }

    @Test
    void aFileThatIsNotTheReviewsIsNamed() throws IOException {
        Files.writeString(tmp.resolve(LabelledFolder.TRAINING), "left_eye_center_x,Image\n1,2\n");
        IOException e = assertThrows(IOException.class, () -> LabelledFolder.open(tmp));
        assertTrue(e.getMessage().contains("training.csv: its header is not the review's"), e.getMessage());
    }

    @Test
    void answersThatCannotBeSavedAreNamed() {
        float[] xy = ReviewFixtures.face("s", 1, 1).cropXy();
        assertNull(ReviewRun.problem(new ReviewPage.Answer(0, 0, ReviewPage.SAVE, xy)));
        assertNull(ReviewRun.problem(new ReviewPage.Answer(0, 0, ReviewPage.SKIP, null)));
        assertTrue(ReviewRun.problem(new ReviewPage.Answer(0, 0, "delete", null)).contains("action 'delete'"));
        assertTrue(ReviewRun.problem(new ReviewPage.Answer(0, 0, ReviewPage.SAVE, new float[3]))
                .contains("expected " + Keypoint.COORDINATES));
        xy[2 * Keypoint.MOUTH_LEFT_CORNER.ordinal() + 1] = 96.5f;
        String p = ReviewRun.problem(new ReviewPage.Answer(0, 0, ReviewPage.SAVE, xy));
        assertTrue(p.contains("mouth_left_corner_y = 96.5 is not on the 96 px crop"), p);
    }
}
