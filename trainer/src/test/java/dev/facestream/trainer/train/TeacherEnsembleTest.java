package dev.facestream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.model.KeypointModel;
import dev.facestream.model.KeypointNetwork;
import dev.facestream.testkit.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real (untrained, differently initialised) model directories as teachers. */
class TeacherEnsembleTest {
    @TempDir
    Path tmp;

    @Test
    void theMeanIsTheAverageOfEachTeachersOwnOutputsOverTheSharedColumns() throws Exception {
        Path a = TestModels.untrained(tmp.resolve("a"), "teacher-a");
        Path b = TestModels.untrained(tmp.resolve("b"), "teacher-b");
        int n = 3;
        float[] x = new float[n * CropRule.SIZE * CropRule.SIZE];
        Random rng = new Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat() * 2 - 1;
        }
        int studentOutputs = KeypointNetwork.outputs(KeypointNetwork.V3);
        float[] outA;
        float[] outB;
        try (KeypointModel ma = KeypointModel.load(a, "cpu", false); KeypointModel mb = KeypointModel.load(b, "cpu", false)) {
            outA = ma.rawOutputs(x, n);
            outB = mb.rawOutputs(x, n);
        }
        try (TeacherEnsemble t = TeacherEnsemble.load(List.of(a, b), "cpu", false, studentOutputs)) {
            assertEquals(Keypoint.COORDINATES + KeypointNetwork.LANDMARKS68_VALUES, t.columns());
            float[] mean = t.mean(x, n);
            assertEquals(n * t.columns(), mean.length);
            int width = outA.length / n;
            boolean differ = false;
            for (int row = 0; row < n; row++) {
                for (int j = 0; j < t.columns(); j++) {
                    float va = outA[row * width + j];
                    float vb = outB[row * width + j];
                    assertEquals((va + vb) / 2, mean[row * t.columns() + j], 1e-5f);
                    differ |= Math.abs(va - vb) > 1e-4f;
                }
            }
            assertTrue(differ, "the two teachers' random weights gave the same outputs");
        }
    }

    @Test
    void aStudentWithFewerColumnsLimitsTheMean() throws Exception {
        Path a = TestModels.untrained(tmp.resolve("a"));
        try (TeacherEnsemble t = TeacherEnsemble.load(List.of(a), "cpu", false, Keypoint.COORDINATES)) {
            assertEquals(Keypoint.COORDINATES, t.columns());
        }
    }

    @Test
    void aTeacherThatReadsOtherInputIsNamed() throws Exception {
        Path a = TestModels.untrained(tmp.resolve("plain"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TeacherEnsemble.load(List.of(a), "cpu", true, KeypointNetwork.outputs(KeypointNetwork.V3)));
        assertEquals("--teacher " + a + ": it was trained without histogram equalisation and the student with "
                + "(--equalize): a teacher must read the student's input", e.getMessage());
    }
}
