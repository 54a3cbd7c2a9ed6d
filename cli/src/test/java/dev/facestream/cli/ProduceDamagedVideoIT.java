package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.core.wire.Topics;
import dev.facestream.testkit.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code produce} of an mp4 cut at half its bytes (made here from the webcam sample): it says the
 * file is damaged, at which frame and what FFmpeg said, and exits 1; with {@code --accept-damaged}
 * it says so too but exits 0.
 */
class ProduceDamagedVideoIT {
    @TempDir
    Path tmp;

    private static Object[] run(String... args) {
        return CommandErrorsTest.runCapturingStderr(args);
    }

    @Test
    void aTruncatedMp4IsReportedAsDamagedAndExitsNonZeroUnlessAccepted() throws Exception {
        Path whole = TestModels.sample("webcam-talking-854x480.mp4");
        byte[] bytes = Files.readAllBytes(whole);
        Path half = tmp.resolve("half.mp4");
        Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, Topics.FACE_CROPS);
            Object[] r = run("produce", "--video", half.toString(), "--no-pace", "--bootstrap-servers",
                    kafka.bootstrapServers(), "--metrics-port", "-1");
            String err = (String) r[1];
            assertEquals(1, r[0], err);
            assertTrue(err.contains("video " + half + " is damaged: decoding stopped after frame "), err);
            assertTrue(err.contains("FFmpeg said: ") && err.contains("--accept-damaged"), err);
            CommandErrorsTest.assertNamesTheInput("produce of a truncated mp4", r, half.getFileName().toString());

            Object[] accepted = run("produce", "--video", half.toString(), "--no-pace", "--accept-damaged",
                    "--bootstrap-servers", kafka.bootstrapServers(), "--metrics-port", "-1");
            assertEquals(0, accepted[0], (String) accepted[1]);
            assertTrue(((String) accepted[1]).contains("is damaged") && ((String) accepted[1]).contains("accepted"),
                    (String) accepted[1]);
        }
    }
}
