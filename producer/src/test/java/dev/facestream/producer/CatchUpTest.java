package dev.facestream.producer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.GrayImage;
import org.junit.jupiter.api.Test;

/** When a live producer skips face detection to catch up: the clock is passed in, nothing is timed. */
class CatchUpTest {
    private static final long FRAME_MICROS = 33_333;
    private static final long T0 = 1_000_000_000L;

    /** Frame n of a 30 fps source, captured when it was due. */
    private static CapturedFrame frame(long n) {
        return new CapturedFrame(n, n * FRAME_MICROS, T0 + n * FRAME_MICROS, new GrayImage(1, 1, new byte[1]));
    }

    @Test
    void aProducerThatKeepsUpDetectsEveryFrame() {
        CatchUp c = new CatchUp(true);
        for (int n = 0; n < 10; n++) {
            // taken 5 ms after capture, no frame dropped
            assertFalse(c.skipDetection(frame(n), frame(n).capturedAtMicros() + 5_000, 0), "frame " + n);
        }
    }

    @Test
    void aFrameThatWaitedLongerThanAFrameIntervalSkipsDetectionButNeverTwoInARow() {
        CatchUp c = new CatchUp(true);
        assertFalse(c.skipDetection(frame(0), T0 + 5_000, 0));
        // frame 1 waited 40 ms: frame 2 is due already
        assertTrue(c.skipDetection(frame(1), frame(1).capturedAtMicros() + 40_000, 0));
        // still behind, but the frame before was not detected: this one is
        assertFalse(c.skipDetection(frame(2), frame(2).capturedAtMicros() + 40_000, 0));
        assertTrue(c.skipDetection(frame(3), frame(3).capturedAtMicros() + 40_000, 0));
        // caught up
        assertFalse(c.skipDetection(frame(4), frame(4).capturedAtMicros() + 1_000, 0));
        assertFalse(c.skipDetection(frame(5), frame(5).capturedAtMicros() + 1_000, 0));
    }

    @Test
    void aFrameDroppedByTheCaptureQueueMeansBehind() {
        CatchUp c = new CatchUp(true);
        assertFalse(c.skipDetection(frame(0), T0, 0));
        // frame 1 was dropped while frame 0 was processed; frame 2 itself is fresh
        assertTrue(c.skipDetection(frame(2), frame(2).capturedAtMicros() + 1_000, 1));
        // no new drop since: detect again
        assertFalse(c.skipDetection(frame(3), frame(3).capturedAtMicros() + 1_000, 1));
    }

    @Test
    void batchWorkNeverSkips() {
        CatchUp c = new CatchUp(false);
        for (int n = 0; n < 5; n++) {
            assertFalse(c.skipDetection(frame(n), frame(n).capturedAtMicros() + 10_000_000, n));
        }
    }

    @Test
    void aLoopingVideoStartingOverIsNotBehind() {
        CatchUp c = new CatchUp(true);
        assertFalse(c.skipDetection(frame(100), frame(100).capturedAtMicros(), 0));
        // media time goes back to 0 at the loop; captured now, taken at once
        CapturedFrame again = new CapturedFrame(0, 0, frame(101).capturedAtMicros(), frame(0).image());
        assertFalse(c.skipDetection(again, again.capturedAtMicros() + 1_000, 0));
    }
}
