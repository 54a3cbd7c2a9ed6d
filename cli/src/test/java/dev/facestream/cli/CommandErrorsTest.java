package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import dev.facestream.pipeline.Samples;
import dev.facestream.testkit.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input stops a stream command at once (no Kafka needed) with a message naming the input. */
class CommandErrorsTest {
    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void model() throws Exception {
        model = TestModels.untrained(tmp.resolve("model"));
    }

    /** Runs the command line; returns the exit code and what went to stderr. */
    private static Object[] run(String... args) {
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute(args);
        return new Object[] {exit, err.toString()};
    }

    @ParameterizedTest
    @ValueSource(strings = {"detect-stream", "demo", "process"})
    void askingForAGpuOnAMachineWithoutOneIsAClearError(String command) throws Exception {
        assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a GPU");
        List<String> args = new ArrayList<>(List.of(command, "--device", "gpu", "--model", model.toString(),
                "--metrics-port", "-1"));
        if (command.equals("process")) {
            args.addAll(List.of(Samples.demoVideo().toString(), "--keypoints", tmp.resolve("k.jsonl").toString()));
        }
        Object[] r = run(args.toArray(String[]::new));
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).startsWith("facestream " + command + ": --device gpu: the PyTorch engine sees no GPU"),
                (String) r[1]);
    }

    @Test
    void aMissingVideoIsNamed() {
        Object[] r = run("process", tmp.resolve("missing.mp4").toString(), "--keypoints", "k.jsonl");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("VIDEO " + tmp.resolve("missing.mp4") + ": no such file"), (String) r[1]);
    }

    @Test
    void aDirectoryThatIsNoModelIsNamedWithItsOption() {
        Object[] r = run("detect-stream", "--model", tmp.toString(), "--device", "cpu", "--metrics-port", "-1");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("--model " + tmp + ": not a model directory"), (String) r[1]);
    }

    @Test
    void produceNeedsExactlyOneSource() {
        Object[] r = run("produce", "--camera", "0", "--video", "x.mp4");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("mutually exclusive"), (String) r[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"produce", "demo", "process", "live"})
    void detectingFacesOnLessThanEveryFrameIsNamed(String command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command, "--detect-every", "0"));
        if (command.equals("produce")) {
            args.addAll(List.of("--video", Samples.demoVideo().toString()));
        }
        if (command.equals("process")) {
            args.addAll(List.of(Samples.demoVideo().toString(), "--keypoints", tmp.resolve("k.jsonl").toString()));
        }
        Object[] r = run(args.toArray(String[]::new));
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("--detect-every 0: must be 1 (every frame) or more"), (String) r[1]);
    }
}
