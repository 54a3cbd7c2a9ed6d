package dev.facestream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {
    @Test
    void percentilesAreNearestRankOverAllSamples() {
        LatencyStats s = new LatencyStats();
        // 1..2000 ms in scrambled order: more samples than the initial capacity
        for (int i = 0; i < 2000; i++) {
            s.add(((i * 7919L) % 2000 + 1) * 1000);
        }
        assertEquals(2000, s.count());
        assertEquals(1000.0, s.percentileMillis(50));
        assertEquals(1980.0, s.percentileMillis(99));
        assertEquals(2000.0, s.percentileMillis(100));
        assertEquals(1000.5, s.meanMillis(), 1e-9);
    }

    @Test
    void aSingleSampleIsEveryPercentileAndNegativeSamplesCountAsZero() {
        LatencyStats s = new LatencyStats();
        s.add(-5);
        assertEquals(0.0, s.percentileMillis(1));
        assertEquals(0.0, s.percentileMillis(99));
    }

    @Test
    void noSamplesGiveNaNAndAPercentileOutsideTheRangeIsRefused() {
        LatencyStats s = new LatencyStats();
        assertTrue(Double.isNaN(s.percentileMillis(50)));
        assertThrows(IllegalArgumentException.class, () -> s.percentileMillis(0));
        assertThrows(IllegalArgumentException.class, () -> s.percentileMillis(101));
    }
}
