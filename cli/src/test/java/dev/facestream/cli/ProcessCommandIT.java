package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.pipeline.Samples;
import dev.facestream.testkit.TestModels;
import dev.facestream.testkit.Videos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facestream process} end to end: the bundled clip through the embedded broker. */
class ProcessCommandIT {
    @TempDir
    Path tmp;

    @Test
    void theOutputVideoHasEveryInputFrameAndTheJsonlOneLinePerCrop() throws Exception {
        Path model = TestModels.untrained(tmp.resolve("model"));
        Path clip = Samples.demoVideo();
        Path video = tmp.resolve("annotated.mp4");
        Path jsonl = tmp.resolve("keypoints.jsonl");
        StringWriter out = new StringWriter();

        int exit = Main.commandLine().setOut(new PrintWriter(out)).execute("process", clip.toString(),
                "--out", video.toString(), "--keypoints", jsonl.toString(), "--model", model.toString(),
                "--device", "cpu", "--metrics-port", "-1", "--no-model-benchmark", "--stream-id", "clip");

        assertEquals(0, exit, out.toString());
        assertEquals(Videos.frames(clip), Videos.frames(video), "one output frame per input frame");
        long crops = Videos.faces(clip);
        List<String> lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        assertEquals(crops, lines.size(), "one JSON line per crop (face per frame)");
        for (String line : lines) {
            KeypointsRecord k = KeypointsRecord.fromJson(line.getBytes(StandardCharsets.UTF_8));
            assertEquals("clip", k.stream());
            assertEquals(15, k.keypoints().size());
        }
        assertTrue(out.toString().contains(crops + " crops sent, " + crops + " keypoints received"), out.toString());
    }
}
