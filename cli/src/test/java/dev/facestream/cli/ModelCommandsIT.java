package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.model.ModelDirectory;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.pipeline.Samples;
import dev.facestream.testkit.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** publish-model, models and a detector given --model-topic, through the real command line and a real broker. */
class ModelCommandsIT {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void publishListAndServeFromTheTopic() throws Exception {
        Path published = TestModels.untrained(tmp.resolve("published"), "from-topic");
        Path fallback = TestModels.untrained(tmp.resolve("fallback"), "from-directory");
        Path badArch = TestModels.untrained(tmp.resolve("bad"), "bad-arch");
        Path meta = badArch.resolve(ModelDirectory.METADATA_FILE);
        Files.writeString(meta, Files.readString(meta).replace("\"" + dev.facestream.model.KeypointNetwork.DEFAULT_ARCHITECTURE + "\"", "\"kpcnn-v9\""));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bs = kafka.bootstrapServers();
            Run empty = run("publish-model", "--model", badArch.toString(), "--bootstrap-servers", bs,
                    "--model-topic", "cli-models");
            assertEquals(2, empty.exit(), empty.err());
            assertTrue(empty.err().contains(badArch.toAbsolutePath().toString()) && empty.err().contains("kpcnn-v9"),
                    empty.err());

            Run p = run("publish-model", "--model", published.toString(), "--bootstrap-servers", bs,
                    "--model-topic", "cli-models");
            assertEquals(0, p.exit(), p.err());
            assertTrue(p.out().contains("model default version from-topic") && p.out().contains("offset 0"), p.out());

            Run list = run("models", "--bootstrap-servers", bs, "--model-topic", "cli-models");
            assertEquals(0, list.exit(), list.err());
            List<String> lines = list.out().lines().toList();
            assertEquals(2, lines.size(), list.out());
            assertTrue(lines.get(0).startsWith("NAME") && lines.get(0).contains("RMSE_PX")
                    && lines.get(0).contains("PUBLISHED"), lines.get(0));
            assertTrue(lines.get(1).startsWith("default") && lines.get(1).contains("from-topic")
                    && lines.get(1).contains("1970-01-01T00:00:00Z") && lines.get(1).endsWith("newest"), lines.get(1));

            // process, given the topic, answers with the topic's model rather than --model
            Path jsonl = tmp.resolve("k.jsonl");
            Run proc = run("process", Samples.demoVideo().toString(), "--keypoints", jsonl.toString(),
                    "--model", fallback.toString(), "--model-topic", "cli-models", "--bootstrap-servers", bs,
                    "--create-topics", "--device", "cpu", "--metrics-port", "-1", "--no-model-benchmark",
                    "--stream-id", "clip");
            assertEquals(0, proc.exit(), proc.out() + proc.err());
            List<String> records = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
            assertTrue(!records.isEmpty());
            for (String line : records) {
                assertEquals("from-topic", KeypointsRecord.fromJson(line.getBytes(StandardCharsets.UTF_8))
                        .modelVersion());
            }
        }
    }
}
