package dev.facestream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.trainer.TestData;
import dev.facestream.trainer.data.FaceBoxes;
import dev.facestream.trainer.data.LabelledFace;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose loss stops being finite stops, says so, and leaves no diverged checkpoint to resume from. */
class DivergenceTest {
    @TempDir
    Path tmp;

    @Test
    void aRunThatDivergesInItsFirstEpochStopsNamingTheEpochAndTheRate() throws Exception {
        List<LabelledFace> faces = TestData.spreadFaces(8, 3, 401);
        FaceBoxes boxes = FaceBoxes.compute(faces, "divergence", null);
        // an absurd rate: Adam's first step moves every weight by about 1e8, and the outputs overflow
        TrainingConfig cfg = TrainingConfig.builder().epochs(3).batchSize(8).learningRate(1e8f).weightDecay(0f)
                .dropout(0f).patience(10).validationFraction(0).seed(1).augmentation(Augmentation.none())
                .device("cpu").modelVersion("diverges").build();
        Path work = tmp.resolve("work");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new KeypointTrainer(cfg,
                new PrintStream(OutputStream.nullOutputStream())).train(faces, faces, boxes, work));
        assertTrue(e.getMessage().contains("training diverged in epoch 1") && e.getMessage().contains("--lr"),
                e.getMessage());
        Path last = work.resolve("checkpoint/last");
        if (Files.isDirectory(last)) {
            try (var files = Files.list(last)) {
                assertFalse(files.anyMatch(f -> f.toString().endsWith(".params")), "no checkpoint of the diverged weights");
            }
        }
    }
}
