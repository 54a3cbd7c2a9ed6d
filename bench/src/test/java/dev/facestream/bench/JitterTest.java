package dev.facestream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JitterTest {
    /** Two keypoints per frame: k0 moves steadily, k1 alternates by +-a around a fixed spot. */
    private static List<Jitter.Point> track(int frames, double scale, double a) {
        List<Jitter.Point> t = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            float shake = (float) (i % 2 == 0 ? a : -a);
            t.add(new Jitter.Point(new float[] {100 + 3f * i, 50, 200 + shake, 80}, scale));
        }
        return t;
    }

    @Test
    void steadyMotionHasNoJitterAndAShakeIsMeasuredInCropPixels() {
        // frame px -> crop px at 0.5: a 2 px shake in the frame is 1 crop px
        Jitter.Result r = Jitter.of(track(20, 0.5, 2), 2);
        assertEquals(20, r.frames());
        assertEquals(16, r.framesCentred(), "two frames at each end have no centred window");
        double[] steady = r.perKeypoint().get(0);
        assertEquals(0, steady[0], 1e-4, "linear motion cancels in the centred mean");
        // +a in a window of (+a, -a, +a, -a, +a): mean a/5, distance 4a/5; -a: mean -a/5, distance 4a/5
        double[] shaking = r.perKeypoint().get(1);
        assertEquals(0.8 * 2 * 0.5, shaking[0], 1e-4);
        assertEquals(0.8 * 2 * 0.5, shaking[1], 1e-4);
        assertEquals(0.8, r.p90Px(), 1e-4, "over both points: half are 0, half 0.8");
        assertEquals(0.4, r.medianPx(), 1e-4, "median between the two halves");
    }

    @Test
    void framesWithoutTheFaceOrWithANonFinitePointBreakTheWindow() {
        List<Jitter.Point> t = track(11, 1, 1);
        t.set(5, null);
        t.set(0, new Jitter.Point(new float[] {Float.NaN, 0, 0, 0}, 1));
        Jitter.Result r = Jitter.of(t, 2);
        // centres 2..8 without 5 in any window: frames 3..7 touch 5, frame 2 touches 0: only 8 is left
        assertEquals(1, r.framesCentred());
        Jitter.Result none = Jitter.of(track(4, 1, 1), 2);
        assertEquals(0, none.framesCentred());
        assertTrue(Double.isNaN(none.medianPx()), "nothing measured is NaN, not 0");
    }

    @Test
    void percentilesInterpolateBetweenRanks() {
        assertEquals(2.5, Jitter.percentile(List.of(4.0, 1.0, 3.0, 2.0), 50), 1e-9);
        assertEquals(3.7, Jitter.percentile(List.of(4.0, 1.0, 3.0, 2.0), 90), 1e-9);
    }
}
