package dev.facestream.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {
    private static List<Integer> kept(double sourceFps, double fps, int frames) {
        FrameSampler s = new FrameSampler(fps);
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            if (s.keep(Math.round(i * 1_000_000 / sourceFps))) {
                kept.add(i);
            }
        }
        return kept;
    }

    @Test
    void thirtyToTenKeepsEveryThirdFrame() {
        assertEquals(List.of(0, 3, 6, 9, 12, 15, 18, 21, 24, 27), kept(30, 10, 30));
    }

    @Test
    void aSlowerSourceOrNoLimitKeepsEverything() {
        assertEquals(12, kept(12, 30, 12).size());
        assertEquals(30, kept(30, 0, 30).size());
    }
}
