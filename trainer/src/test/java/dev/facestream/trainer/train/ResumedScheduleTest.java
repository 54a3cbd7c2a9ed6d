package dev.facestream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/** After a resume the rate climbs from a fraction of the schedule's back to it, then follows it. */
class ResumedScheduleTest {
    private static final Tracker FALLING = step -> 1f / (1 + step);

    @Test
    void warmsUpAgainFromTheResumedStepThenFollowsTheSchedule() {
        ResumedSchedule r = new ResumedSchedule(FALLING, 100, 10, 0.1f);
        assertEquals(FALLING.getNewValue(50), r.getNewValue(50), 0f, "before the resume: the schedule");
        assertEquals(0.1f * FALLING.getNewValue(100), r.getNewValue(100), 1e-9f);
        assertEquals(0.55f * FALLING.getNewValue(105), r.getNewValue(105), 1e-9f);
        assertEquals(0.91f * FALLING.getNewValue(109), r.getNewValue(109), 1e-9f);
        assertEquals(FALLING.getNewValue(110), r.getNewValue(110), 0f, "after the warm-up: the schedule");
        assertEquals(FALLING.getNewValue(500), r.getNewValue(500), 0f);
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ResumedSchedule(FALLING, -1, 10, 0.1f));
        assertThrows(IllegalArgumentException.class, () -> new ResumedSchedule(FALLING, 0, 0, 0.1f));
        assertThrows(IllegalArgumentException.class, () -> new ResumedSchedule(FALLING, 0, 10, 0f));
    }
}
