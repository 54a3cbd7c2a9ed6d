package dev.facestream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistillationTest {
    @Test
    void blendingMovesPresentTargetsByTheWeightAndLeavesMissingOnesAndLaterColumns() {
        // two rows of 4 outputs; the teachers cover the first 3 columns
        float[] targets = {0.2f, 0.4f, 0f, 0.9f, -0.2f, 0f, 0.6f, -0.9f};
        float[] mask = {1, 1, 0, 1, 1, 0.5f, 1, 1};
        float[] teacher = {0.4f, 0.0f, 0.7f, 0.0f, 0.2f, 0.2f};
        new Distillation(List.of(Path.of("t")), 0.25f).blend(targets, mask, 4, teacher, 3, 2);
        assertArrayEquals(new float[] {
            0.75f * 0.2f + 0.25f * 0.4f, 0.75f * 0.4f, 0f /* missing: not blended */, 0.9f /* not a teacher column */,
            0.75f * -0.2f, 0.25f * 0.2f /* a part-weighted label is still a label */, 0.75f * 0.6f + 0.25f * 0.2f,
            -0.9f}, targets, 1e-6f);
    }

    @Test
    void weightOneTakesTheTeachersOutputs() {
        float[] targets = {0.5f, -0.5f};
        new Distillation(List.of(Path.of("t")), 1f).blend(targets, new float[] {1, 1}, 2, new float[] {0.1f, 0.3f}, 2, 1);
        assertArrayEquals(new float[] {0.1f, 0.3f}, targets, 1e-7f);
    }

    @Test
    void aWeightOutsideZeroToOneIsNamedWhenThereAreTeachers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Distillation(List.of(Path.of("t")), 0f));
        assertEquals("--teacher-weight 0.0: expected a share above 0 and at most 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Distillation(List.of(Path.of("t")), 1.5f));
    }

    @Test
    void withoutTeachersItIsOffAndLeavesTheMetadataAsBefore() {
        assertFalse(Distillation.NONE.enabled());
        assertNull(Distillation.NONE.describe());
        assertFalse(TrainingConfig.builder().build().asMap().containsKey("distillation"));
        TrainingConfig on = TrainingConfig.builder()
                .distillation(new Distillation(List.of(Path.of("a"), Path.of("b")), 0.5f)).build();
        assertTrue(on.distillation().enabled());
        assertEquals(java.util.Map.of("teachers", List.of("a", "b"), "teacher_weight", 0.5f),
                on.asMap().get("distillation"));
    }
}
