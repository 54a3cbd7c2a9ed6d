package dev.facestream.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewSamplerTest {
    private static final long SECOND = 1_000_000L;
    private static final long T0 = 1_764_633_600L * SECOND;

    @Test
    void atMostNPerTrackInAnyMinuteOfCaptureTime() {
        ReviewSampler s = new ReviewSampler(2, 100);
        // 30 frames a second for two minutes, every face below the threshold
        List<Long> queuedAt = new ArrayList<>();
        for (int i = 0; i < 3600; i++) {
            long t = T0 + i * SECOND / 30;
            if (s.offer("cam0", 1, t)) {
                queuedAt.add(t);
            }
        }
        assertEquals(List.of(T0, T0 + SECOND / 30, T0 + 60 * SECOND, T0 + 60 * SECOND + SECOND / 30), queuedAt);
        assertEquals(4, s.queued());
        assertEquals(3596, s.suppressed());
    }

    @Test
    void theWindowSlidesRatherThanResettingOnTheMinute() {
        ReviewSampler s = new ReviewSampler(1, 100);
        assertTrue(s.offer("cam0", 1, T0 + 59 * SECOND));
        // a fixed minute would allow this one (next minute); one minute after the last has not passed
        assertFalse(s.offer("cam0", 1, T0 + 61 * SECOND));
        assertTrue(s.offer("cam0", 1, T0 + 119 * SECOND));
    }

    @Test
    void tracksAndStreamsHaveTheirOwnShare() {
        ReviewSampler s = new ReviewSampler(1, 100);
        assertTrue(s.offer("cam0", 1, T0));
        assertFalse(s.offer("cam0", 1, T0 + 1));
        assertTrue(s.offer("cam0", 2, T0 + 2));
        assertTrue(s.offer("cam1", 1, T0 + 3));
        assertEquals(3, s.queued());
        assertEquals(1, s.suppressed());
        assertEquals(3, s.tracks());
    }

    @Test
    void replayingTheSameCropsQueuesTheSameFaces() {
        List<Boolean> first = run(new ReviewSampler(3, 20));
        List<Boolean> second = run(new ReviewSampler(3, 20));
        assertEquals(first, second);
        assertTrue(first.contains(true) && first.contains(false));
    }

    private static List<Boolean> run(ReviewSampler s) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            out.add(s.offer("cam" + (i % 3), i % 5, T0 + i * SECOND / 2));
        }
        return out;
    }

    @Test
    void memoryIsBoundedTheLeastRecentlySeenTrackGoesFirst() {
        ReviewSampler s = new ReviewSampler(1, 3);
        for (int track = 0; track < 1000; track++) {
            assertTrue(s.offer("cam0", track, T0 + track));
        }
        assertEquals(3, s.tracks());
        assertEquals(997, s.evictedTracks());

        ReviewSampler lru = new ReviewSampler(1, 2);
        lru.offer("cam0", 1, T0);
        lru.offer("cam0", 2, T0);
        lru.offer("cam0", 1, T0 + 1);   // seen again: 2 is now the least recent
        lru.offer("cam0", 3, T0 + 2);   // evicts 2
        assertFalse(lru.offer("cam0", 1, T0 + 3), "track 1 is remembered, its share used");
        assertTrue(lru.offer("cam0", 2, T0 + 4), "track 2 was evicted and starts over");
    }

    @Test
    void aClockThatGoesBackStartsTheTrackOver() {
        ReviewSampler s = new ReviewSampler(1, 10);
        assertTrue(s.offer("cam0", 1, T0 + 3600 * SECOND));
        assertFalse(s.offer("cam0", 1, T0 + 3600 * SECOND - 30 * SECOND), "within the minute: still suppressed");
        assertTrue(s.offer("cam0", 1, T0), "an hour back: the track starts over");
    }

    @Test
    void countersAreMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReviewSampler s = new ReviewSampler(1, 10).bindTo(registry);
        s.offer("cam0", 1, T0);
        s.offer("cam0", 1, T0 + 1);
        s.offer("cam0", 1, T0 + 2);
        assertEquals(1.0, registry.get("facestream.detector.review.queued").functionCounter().count());
        assertEquals(2.0, registry.get("facestream.detector.review.suppressed").functionCounter().count());
    }

    @Test
    void badSettingsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReviewSampler(0, 10));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReviewSampler(1, 0));
    }
}
