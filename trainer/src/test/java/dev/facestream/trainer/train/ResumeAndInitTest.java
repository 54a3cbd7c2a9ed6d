package dev.facestream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.model.KeypointNetwork;
import dev.facestream.model.ModelDirectory;
import dev.facestream.trainer.TestData;
import dev.facestream.trainer.data.FaceBoxes;
import dev.facestream.trainer.data.LabelledFace;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --resume} continues the recorded run; {@code --init-from} starts from given weights. */
class ResumeAndInitTest {
    @TempDir
    Path tmp;
    private List<LabelledFace> faces;
    private FaceBoxes boxes;
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    @BeforeEach
    void faces() throws java.io.IOException {
        faces = TestData.spreadFaces(32, 7, 97);
        boxes = FaceBoxes.compute(faces, "resume", null);
    }

    private static TrainingConfig config(String architecture, int epochs, boolean resume, Path initFrom) {
        return config(architecture, false, epochs, resume, initFrom);
    }

    private static TrainingConfig config(String architecture, boolean equalize, int epochs, boolean resume,
            Path initFrom) {
        // the fine-tuning comparison (both runs) at a fine-tuning learning rate: at 0.003 one epoch of 16-face batches moves a
        // trained kpcnn-v3 far from its weights
        float lr = initFrom != null || equalize ? 0.0005f : 0.003f;
        return TrainingConfig.builder().architecture(architecture).epochs(epochs).batchSize(16).learningRate(lr)
                .weightDecay(0f).dropout(0f).patience(100).validationFraction(0).seed(3).equalize(equalize)
                .device("cpu").initFrom(initFrom).resume(resume).modelVersion("test").build();
    }

    /** The run of {@link #config(int, boolean, Path)} with a weight average of decay 0.9. */
    private static TrainingConfig averaged(int epochs, boolean resume) {
        return config(epochs, resume, null).toBuilder().emaDecay(0.9f).build();
    }

    @Test
    void aFineTuneDefaultsToTheLowRateAndALongerWarmUp() {
        Path init = tmp.resolve("some-model");
        assertEquals(TrainingConfig.FINE_TUNE_LEARNING_RATE, TrainingConfig.learningRate(null, init));
        assertEquals(TrainingConfig.DEFAULT_LEARNING_RATE, TrainingConfig.learningRate(null, null));
        assertEquals(0.01f, TrainingConfig.learningRate(0.01f, init), "--lr given wins");
        assertTrue(TrainingConfig.FINE_TUNE_LEARNING_RATE < TrainingConfig.DEFAULT_LEARNING_RATE);
        // two steps of a few relabelled faces stay inside the warm-up; a long epoch is the warm-up as before
        assertEquals(TrainingConfig.FINE_TUNE_MIN_WARM_UP_STEPS, KeypointTrainer.warmUpSteps(config(1, false, init), 2));
        assertEquals(80, KeypointTrainer.warmUpSteps(config(1, false, init), 80));
        assertEquals(2, KeypointTrainer.warmUpSteps(config(1, false, null), 2), "from scratch: one epoch");
    }

    @Test
    void aWeightAverageIsValidatedKeptAndResumed() throws Exception {
        Path work = tmp.resolve("ema");
        KeypointTrainer.Outcome first = new KeypointTrainer(averaged(2, false), quiet).train(faces, faces, boxes, work);
        for (KeypointTrainer.EpochStats e : first.state().history()) {
            assertTrue(e.trainedValidationLoss() != null && Double.isFinite(e.trainedValidationLoss()),
                    "each epoch also reports the trained weights' loss: " + e);
            assertTrue(e.validationLoss() != e.trainedValidationLoss(), "the average is another network: " + e);
        }
        assertTrue(java.nio.file.Files.isRegularFile(work.resolve("checkpoint/weight-average.bin")));

        KeypointTrainer.Outcome more = new KeypointTrainer(averaged(3, true), quiet).train(faces, faces, boxes, work);
        assertEquals(3, more.state().history().size());
        assertEquals(first.state().history().get(1), more.state().history().get(1), "history kept");

        java.nio.file.Files.delete(work.resolve("checkpoint/weight-average.bin"));
        java.io.IOException missing = assertThrows(java.io.IOException.class,
                () -> new KeypointTrainer(averaged(4, true), quiet).train(faces, faces, boxes, work));
        assertTrue(missing.getMessage().contains("weight-average.bin"), missing.getMessage());
    }

    private static TrainingConfig config(int epochs, boolean resume, Path initFrom) {
        return config(KeypointNetwork.DEFAULT_ARCHITECTURE, epochs, resume, initFrom);
    }

    @Test
    void resumeContinuesAfterTheLastEpochAndInitFromStartsFromTheWeights() throws Exception {
        Path work = tmp.resolve("work");

        KeypointTrainer.Outcome first = new KeypointTrainer(config(2, false, null), quiet).train(faces, faces, boxes, work);
        assertEquals(2, first.state().epochsDone());
        KeypointTrainer.Outcome resumed = new KeypointTrainer(config(4, true, null), quiet).train(faces, faces, boxes, work);
        assertEquals(4, resumed.state().epochsDone());
        assertEquals(4, resumed.state().history().size());
        assertEquals(first.state().history().get(1), resumed.state().history().get(1), "history kept");
        assertEquals(3, resumed.state().history().get(2).epoch());

        // a run initialised from the shipped model starts far below a run of the same network, with
        // the same preprocessing, from scratch
        Path model = TestData.repositoryRoot().resolve("models/default");
        var shippedMetadata = ModelDirectory.readMetadata(model);
        String shipped = shippedMetadata.architecture();
        boolean equalize = shippedMetadata.preprocessing().equalize();
        KeypointTrainer.Outcome scratch = new KeypointTrainer(config(shipped, equalize, 1, false, null), quiet)
                .train(faces, faces, boxes, tmp.resolve("scratch"));
        KeypointTrainer.Outcome fineTuned = new KeypointTrainer(config(shipped, equalize, 1, false, model), quiet)
                .train(faces, faces, boxes, tmp.resolve("fine"));
        // judged on the un-jittered crops of the 15 served keypoints: the training loss also counts the
        // 68-point signal and mirrored crops, which the shipped model was not trained to score low on
        double scratchLoss = scratch.state().history().get(0).validationLoss();
        double fineLoss = fineTuned.state().history().get(0).validationLoss();
        assertTrue(fineLoss < scratchLoss / 5, "init-from first-epoch loss " + fineLoss + " vs scratch " + scratchLoss);

        // weights of one architecture cannot start another: said before any training
        String other = KeypointNetwork.ARCHITECTURES.stream().filter(a -> !a.equals(shipped)).findFirst().orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KeypointTrainer(config(other, 1, false, model), quiet).train(faces, faces, boxes,
                        tmp.resolve("mismatch")));
        assertTrue(e.getMessage().contains(shipped) && e.getMessage().contains(other), e.getMessage());
    }

    /**
     * A distillation run measures its teacher first (the shipped model scores far lower on these faces
     * than a network after one epoch from scratch) and trains on blended targets: the same seeded run
     * without the teacher has another training loss.
     */
    @Test
    void aDistillationRunReportsItsTeachersLossAndTrainsOnBlendedTargets() throws Exception {
        Path model = TestData.repositoryRoot().resolve("models/default");
        var shipped = ModelDirectory.readMetadata(model);
        TrainingConfig plain = config(shipped.architecture(), shipped.preprocessing().equalize(), 1, false, null);
        KeypointTrainer.Outcome alone = new KeypointTrainer(plain, quiet).train(faces, faces, boxes, tmp.resolve("alone"));
        KeypointTrainer.Outcome taught = new KeypointTrainer(plain.toBuilder()
                .distillation(new Distillation(List.of(model), 1f)).build(), quiet)
                .train(faces, faces, boxes, tmp.resolve("taught"));
        assertEquals(null, alone.teachersValidationLoss());
        double teacherLoss = taught.teachersValidationLoss();
        double scratchLoss = alone.state().history().get(0).validationLoss();
        assertTrue(teacherLoss > 0 && teacherLoss < scratchLoss / 5, "teacher " + teacherLoss + " vs " + scratchLoss);
        double aloneTrain = alone.state().history().get(0).trainLoss();
        double taughtTrain = taught.state().history().get(0).trainLoss();
        assertTrue(Math.abs(aloneTrain - taughtTrain) > 1e-6, "same training loss " + aloneTrain + " with a teacher");
    }
}
