package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code train --data}: several sources, each with an optional weight (the weighting: TrainingDataTest). */
class TrainCommandTest {
    @Test
    void dataIsRepeatableWithAWeightEach() {
        CommandLine.ParseResult r = Main.commandLine().parseArgs("train", "--data", "../shared/data/youtube-faces-68",
                "--data", "labels/review:2", "--out", "o");
        TrainCommand train = (TrainCommand) r.subcommand().commandSpec().userObject();
        assertEquals(List.of("../shared/data/youtube-faces-68", "labels/review:2"), train.data);
    }

    @Test
    void aBadWeightIsNamedBeforeAnythingIsRead() {
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute("train", "--data", "labels/review:0",
                "--out", "target/never-written");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("--data labels/review: weight 0.0 must be a number above 0"), err.toString());
    }

    @Test
    void aBadHeldOutFoldIsNamedBeforeAnythingIsRead() {
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute("train", "--data", "labels/review",
                "--out", "target/never-written", "--hold-out-fold", "3/3");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("held-out fold 3/3: expected a count of at least 2 and an index from 0"),
                err.toString());
    }

    @Test
    void aGeometryFactorOutsideItsRangeIsNamed() {
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute("train", "--data", "labels/review",
                "--out", "target/never-written", "--geometry", "-1");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("--geometry -1.0: expected a factor from 0 to 4"), err.toString());
    }
}
