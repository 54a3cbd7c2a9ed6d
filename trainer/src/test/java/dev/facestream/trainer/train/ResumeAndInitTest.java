package dev.facestream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.model.KeypointNetwork;
import dev.facestream.model.ModelDirectory;
import dev.facestream.trainer.TestData;
import dev.facestream.trainer.data.FaceBoxes;
import dev.facestream.trainer.data.FaceData;
import dev.facestream.trainer.data.LabelledFace;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --resume} continues the recorded run; {@code --init-from} starts from given weights. */
class ResumeAndInitTest {
    @TempDir
    Path tmp;

    private static TrainingConfig config(String architecture, int epochs, boolean resume, Path initFrom) {
        return new TrainingConfig(architecture, MaskedLoss.MSE, epochs, 16, 0.003f, 0f, 0f, 100, 0, 3, false,
                Augmentation.defaults(), "cpu", initFrom, resume, "test", false);
    }

    private static TrainingConfig config(int epochs, boolean resume, Path initFrom) {
        return config(KeypointNetwork.DEFAULT_ARCHITECTURE, epochs, resume, initFrom);
    }

    @Test
    void resumeContinuesAfterTheLastEpochAndInitFromStartsFromTheWeights() throws Exception {
        List<LabelledFace> all = FaceData.read(TestData.youtubeFaces(), false).faces();
        List<LabelledFace> faces = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            faces.add(all.get(7 + i * 97));
        }
        FaceBoxes boxes = FaceBoxes.compute(faces, "resume", null);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Path work = tmp.resolve("work");

        KeypointTrainer.Outcome first = new KeypointTrainer(config(2, false, null), quiet).train(faces, faces, boxes, work);
        assertEquals(2, first.state().epochsDone());
        KeypointTrainer.Outcome resumed = new KeypointTrainer(config(4, true, null), quiet).train(faces, faces, boxes, work);
        assertEquals(4, resumed.state().epochsDone());
        assertEquals(4, resumed.state().history().size());
        assertEquals(first.state().history().get(1), resumed.state().history().get(1), "history kept");
        assertEquals(3, resumed.state().history().get(2).epoch());

        // a run initialised from the shipped model starts far below a run from scratch
        Path model = TestData.repositoryRoot().resolve("models/default");
        KeypointTrainer.Outcome scratch = new KeypointTrainer(config(1, false, null), quiet)
                .train(faces, faces, boxes, tmp.resolve("scratch"));
        String shipped = ModelDirectory.readMetadata(model).architecture();
        KeypointTrainer.Outcome fineTuned = new KeypointTrainer(config(shipped, 1, false, model), quiet)
                .train(faces, faces, boxes, tmp.resolve("fine"));
        double scratchLoss = scratch.state().history().get(0).trainLoss();
        double fineLoss = fineTuned.state().history().get(0).trainLoss();
        assertTrue(fineLoss < scratchLoss / 5, "init-from first-epoch loss " + fineLoss + " vs scratch " + scratchLoss);

        // weights of one architecture cannot start another: said before any training
        String other = KeypointNetwork.ARCHITECTURES.stream().filter(a -> !a.equals(shipped)).findFirst().orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KeypointTrainer(config(other, 1, false, model), quiet).train(faces, faces, boxes,
                        tmp.resolve("mismatch")));
        assertTrue(e.getMessage().contains(shipped) && e.getMessage().contains(other), e.getMessage());
    }
}
