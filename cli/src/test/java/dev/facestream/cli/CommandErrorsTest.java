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

    @Test
    void evaluateNamesABadDegradation() {
        Object[] r = run("evaluate", "--model", model.toString(), "--data", "labels/review", "--degrade", "jpeg:0");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("--degrade': jpeg:0: the strength of jpeg must be from 1 to 100"), (String) r[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "fit-confidence"})
    void everyCommandThatReadsLabelledFacesNamesABadDataWeight(String command) {
        List<String> args = new ArrayList<>(List.of(command, "--data", "labels/review:-2", "--out", "x"));
        if (!command.equals("train")) {
            args.addAll(List.of("--model", model.toString()));
        }
        Object[] r = run(args.toArray(String[]::new));
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("--data labels/review:-2: weight '-2' must be a number above 0"),
                (String) r[1]);
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

    // ------------------------------------------------------------------ every bad input, named

    /**
     * What an error message must be (issue 13): not empty, not "null", not a bare exception class
     * name, and naming the input it is about.
     */
    static void assertNamesTheInput(String what, Object[] r, String input) {
        String err = ((String) r[1]).strip();
        assertTrue((int) r[0] != 0, what + ": exit code 0; stderr: " + err);
        List<String> errors = err.lines().filter(l -> l.matches("facestream [a-z-]+: .*")).toList();
        assertTrue(!errors.isEmpty(), what + ": no error line; stderr:\n" + err);
        System.out.println(what + " -> " + errors);
        for (String line : errors) {
            String message = line.replaceFirst("^facestream [a-z-]+: ", "").strip();
            assertTrue(!message.isEmpty(), what + ": an empty message");
            assertTrue(!message.equals("null") && !message.endsWith(": null") && !message.contains(" null;"),
                    what + ": " + line);
            assertTrue(!message.matches("([a-z]+\\.)*[A-Z][A-Za-z]*(Exception|Error)"),
                    what + ": a bare class name: " + line);
        }
        assertTrue(String.join("\n", errors).contains(input), what + ": the message does not name " + input
                + ":\n" + err);
    }

    /** Runs the command line; its stderr, then what went to System.err (commands that report per item print there). */
    static Object[] runCapturingStderr(String... args) {
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        Object[] r;
        try {
            r = run(args);
        } finally {
            System.setErr(old);
        }
        return new Object[] {r[0], r[1] + captured.toString(java.nio.charset.StandardCharsets.UTF_8)};
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> badInputs() throws Exception {
        Path truncatedModel = TestModels.untrained(tmp.resolve("truncated-model"));
        Path params = truncatedModel.resolve(dev.facestream.model.ModelDirectory.PARAMS_FILE);
        byte[] weights = java.nio.file.Files.readAllBytes(params);
        java.nio.file.Files.write(params, java.util.Arrays.copyOf(weights, weights.length / 2));
        Path images = java.nio.file.Files.createDirectories(tmp.resolve("images"));
        java.nio.file.Files.writeString(images.resolve("not-an-image.png"), "this is text, not a PNG");
        Path goodImages = java.nio.file.Files.createDirectories(tmp.resolve("good-images"));
        Path csv = tmp.resolve("bad-rows.csv");
        StringBuilder header = new StringBuilder();
        StringBuilder row = new StringBuilder();
        for (dev.facestream.core.keypoints.Keypoint k : dev.facestream.core.keypoints.Keypoint.all()) {
            header.append(k.key()).append("_x,").append(k.key()).append("_y,");
            row.append("40,40,");
        }
        java.nio.file.Files.writeString(csv, header + "Image\n" + row + "\"12 abc 7\"\n");
        // a folder as the review page leaves it when every answer was "not a face", one row bad
        Path negatives = java.nio.file.Files.createDirectories(tmp.resolve("negatives-only"));
        java.nio.file.Files.writeString(negatives.resolve("training.csv"),
                dev.facestream.core.wire.LabelledCsv.header() + "\n");
        java.nio.file.Files.writeString(negatives.resolve("negatives.csv"),
                dev.facestream.core.wire.LabelledCsv.negativesHeader() + "\ncam,1,2,12 abc 7\n");
        Path textVideo = tmp.resolve("text.mp4");
        java.nio.file.Files.writeString(textVideo, "not a video");
        Path out = tmp.resolve("out.jsonl");
        String video = Samples.demoVideo().toString();
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("detect: truncated model weights", params.getFileName()
                        .toString(), new String[] {"detect", "--images", goodImages.toString(), "--out", out.toString(),
                            "--model", truncatedModel.toString(), "--device", "cpu"}),
                org.junit.jupiter.params.provider.Arguments.of("detect: missing model", "no-such-model",
                        new String[] {"detect", "--images", goodImages.toString(), "--out", out.toString(),
                            "--model", tmp.resolve("no-such-model").toString(), "--device", "cpu"}),
                org.junit.jupiter.params.provider.Arguments.of("detect: a bad image", "not-an-image.png",
                        new String[] {"detect", "--images", images.toString(), "--out", out.toString(),
                            "--model", model.toString(), "--device", "cpu"}),
                org.junit.jupiter.params.provider.Arguments.of("detect: images folder missing", "no-such-folder",
                        new String[] {"detect", "--images", tmp.resolve("no-such-folder").toString(), "--out",
                            out.toString(), "--model", model.toString(), "--device", "cpu"}),
                org.junit.jupiter.params.provider.Arguments.of("evaluate: bad CSV rows", "bad-rows.csv",
                        new String[] {"evaluate", "--data", csv.toString(), "--model", model.toString(),
                            "--device", "cpu", "--out", tmp.resolve("eval.json").toString()}),
                org.junit.jupiter.params.provider.Arguments.of("evaluate: a bad negatives row", "negatives.csv:2",
                        new String[] {"evaluate", "--data", negatives.toString(), "--model", model.toString(),
                            "--device", "cpu", "--out", tmp.resolve("eval-negatives.json").toString()}),
                org.junit.jupiter.params.provider.Arguments.of("detect-stream: missing model", "no-such-model",
                        new String[] {"detect-stream", "--model", tmp.resolve("no-such-model").toString(),
                            "--device", "cpu", "--metrics-port", "-1"}),
                org.junit.jupiter.params.provider.Arguments.of("produce: a file that is no video", "text.mp4",
                        new String[] {"produce", "--video", textVideo.toString(), "--metrics-port", "-1"}),
                org.junit.jupiter.params.provider.Arguments.of("produce: refused Kafka port", "127.0.0.1:1",
                        new String[] {"produce", "--video", video, "--bootstrap-servers", "127.0.0.1:1",
                            "--metrics-port", "-1"}),
                org.junit.jupiter.params.provider.Arguments.of("detect-stream: unresolvable Kafka host",
                        "no-such-host.invalid", new String[] {"detect-stream", "--model", model.toString(),
                            "--device", "cpu", "--bootstrap-servers", "no-such-host.invalid:9092",
                            "--metrics-port", "-1"}));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("badInputs")
    void everyBadInputIsNamedWithWhatIsWrong(String what, String input, String[] args) {
        assertNamesTheInput(what, runCapturingStderr(args), input);
    }

    @Test
    void refusedAndUnresolvableKafkaAreEachSaidAsWhatTheyAre() throws Exception {
        String refused = (String) run("produce", "--video", Samples.demoVideo().toString(), "--bootstrap-servers",
                "127.0.0.1:1", "--metrics-port", "-1")[1];
        assertTrue(refused.contains("connection refused"), refused);
        String unresolvable = (String) run("produce", "--video", Samples.demoVideo().toString(), "--bootstrap-servers",
                "no-such-host.invalid:9092", "--metrics-port", "-1")[1];
        assertTrue(unresolvable.contains("cannot be resolved"), unresolvable);
    }
}
