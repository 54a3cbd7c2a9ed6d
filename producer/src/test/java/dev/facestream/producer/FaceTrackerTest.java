package dev.facestream.producer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.facestream.core.crop.FaceBox;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceTrackerTest {
    private static FaceBox box(float x, float y) {
        return new FaceBox(x, y, 100, 100, 0.9f);
    }

    @Test
    void facesKeepTheirIdsWhileTheyMoveAndCrossOrder() {
        FaceTracker t = new FaceTracker();
        long[] first = t.assign(List.of(box(0, 0), box(300, 0)));
        assertArrayEquals(new long[] {0, 1}, first);
        // both moved a little and the detector listed them the other way round
        long[] second = t.assign(List.of(box(310, 5), box(10, 5)));
        assertArrayEquals(new long[] {1, 0}, second);
    }

    @Test
    void aNewFaceGetsANewIdAndALostFaceIsForgottenAfterAFewFrames() {
        FaceTracker t = new FaceTracker();
        long a = t.assign(List.of(box(0, 0)))[0];
        long b = t.assign(List.of(box(500, 500)))[0];
        assertNotEquals(a, b);
        // the first face comes back within MAX_MISSED frames: same id
        assertEquals(a, t.assign(List.of(box(2, 2)))[0]);
        for (int i = 0; i <= FaceTracker.MAX_MISSED; i++) {
            t.assign(List.of());
        }
        long c = t.assign(List.of(box(2, 2)))[0];
        assertNotEquals(a, c);
    }
}
