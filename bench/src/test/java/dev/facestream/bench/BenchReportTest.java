package dev.facestream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The arithmetic of the limits the bench measures against. */
class BenchReportTest {
    @Test
    void theCeilingIsTheCoresOverTheCpuTimeOfOneFrame() {
        // 1.5 faces a frame: crop and model count once per face
        BenchReport.CpuPerFrame c = BenchReport.CpuPerFrame.of("m", 10, 1.5, 1.0, 3.0, 0.2, 2.0, 4.0);
        assertEquals(0.3, c.crop(), 1e-12);
        assertEquals(3.0, c.model(), 1e-12);
        assertEquals(1.0 + 3.0 + 0.3 + 3.0 + 4.0, c.total(), 1e-12);
        assertEquals(2 * 1000 / 11.3, c.ceilingFramesPerSecond(2), 1e-9, "2 cores, 11.3 CPU ms a frame");
        assertEquals(1000 / 11.3, c.ceilingFramesPerSecond(1), 1e-9);
    }

    @Test
    void anUnmeasuredCostGivesNoCeiling() {
        assertTrue(Double.isNaN(BenchReport.CpuPerFrame.unmeasured("no CPU time here").ceilingFramesPerSecond(2)));
    }

    @Test
    void theFloorIsTheModelTheFaceDetectorAndTwoRoundTrips() {
        BenchReport.FloorParts f = new BenchReport.FloorParts(5.0, 3.0, 320, 1.5, 2);
        assertEquals(11.0, f.sum(), 1e-12);
    }

    @Test
    void aTargetIsMetAtItsLimitAndMissedBeyondItOrWhenUnmeasured() {
        assertTrue(BenchReport.Target.atMost("x", 1.25, "ratio", 1.25).met());
        assertFalse(BenchReport.Target.atMost("x", 1.26, "ratio", 1.25).met());
        assertTrue(BenchReport.Target.atLeast("x", 0.75, "share", 0.75).met());
        assertFalse(BenchReport.Target.atLeast("x", Double.NaN, "share", 0.75).met(), "NaN is never met");
        assertFalse(BenchReport.Target.atMost("x", Double.NaN, "ratio", 2).met());
    }
}
