package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.testkit.TestModels;
import dev.facestream.trainer.data.TrainingData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train --data}: several sources, each with an optional weight (the weighting: TrainingDataTest). */
class TrainCommandTest {
    @Test
    void dataIsRepeatableWithAWeightEach() {
        CommandLine.ParseResult r = Main.commandLine().parseArgs("train", "--data", "../shared/data/youtube-faces-68",
                "--data", "labels/review:2", "--out", "o");
        TrainCommand train = (TrainCommand) r.subcommand().commandSpec().userObject();
        assertEquals(List.of(TrainingData.Source.of(Path.of("../shared/data/youtube-faces-68")),
                new TrainingData.Source(Path.of("labels/review"), 2)), train.data);
    }

    @Test
    void aBadWeightIsNamedBeforeAnythingIsRead() {
        assertRefused("--data labels/review: weight 0.0 must be a number above 0", "--data", "labels/review:0");
    }

    @Test
    void aBadHeldOutFoldIsNamedBeforeAnythingIsRead() {
        assertRefused("held-out fold 3/3: expected a count of at least 2 and an index from 0", "--data",
                "labels/review", "--hold-out-fold", "3/3");
    }

    @Test
    void aGeometryFactorOutsideItsRangeIsNamed() {
        assertRefused("--geometry -1.0: expected a factor from 0 to 4", "--data", "labels/review", "--geometry", "-1");
    }

    @Test
    void aDegradeShareOutsideZeroToOneIsNamed() {
        assertRefused("--degrade 1.5: expected a probability between 0 and 1", "--data", "labels/review", "--degrade",
                "1.5");
    }

    @Test
    void aTeacherThatReadsOtherInputThanTheStudentIsNamedBeforeAnythingIsRead(@TempDir Path tmp) throws Exception {
        Path teacher = TestModels.untrained(tmp.resolve("plain-teacher"));
        assertRefused("--teacher " + teacher + ": it was trained without histogram equalisation and the student with",
                "--data", "labels/review", "--equalize", "--teacher", teacher.toString());
        assertRefused("--teacher-weight 0.0: expected a share above 0 and at most 1", "--data", "labels/review",
                "--teacher", teacher.toString(), "--teacher-weight", "0");
    }

    /** {@code train ARGS --out target/never-written} exits 2 with {@code message} on stderr, having read no data. */
    private static void assertRefused(String message, String... args) {
        StringWriter err = new StringWriter();
        String[] line = new String[args.length + 3];
        line[0] = "train";
        System.arraycopy(args, 0, line, 1, args.length);
        line[args.length + 1] = "--out";
        line[args.length + 2] = "target/never-written";
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute(line);
        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains(message), err.toString());
    }
}
