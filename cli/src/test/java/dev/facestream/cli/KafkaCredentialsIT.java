package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.core.wire.Topics;
import dev.facestream.pipeline.Samples;
import dev.facestream.testkit.ClassBroker;
import dev.facestream.testkit.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong SASL credentials are said as what they are (issue 13): {@code produce} and
 * {@code detect-stream}, run as the product runs them (a child JVM, so that everything they print
 * and log is read), against a broker with a {@code SASL_PLAINTEXT} listener (mechanism PLAIN) that
 * knows user {@value #USER}. With a wrong password each exits non-zero at once with one line saying
 * authentication failed, naming the broker's address and the user, and not calling it a timeout;
 * with the right one {@code produce} publishes. Neither password appears in any output.
 */
class KafkaCredentialsIT {
    private static final String USER = "alice";
    private static final String PASSWORD = "alice-pw-4b1d7e";
    private static final String WRONG_PASSWORD = "not-her-pw-93c0a2";

    @TempDir
    static Path tmp;

    @RegisterExtension
    static final ClassBroker BROKER = ClassBroker.of(() -> EmbeddedKafka.startWithPlainUsers(Map.of(USER, PASSWORD)));

    @BeforeAll
    static void topics() {
        BROKER.kafka().createTopics(1, Topics.allNames());
    }

    /** A --kafka-config file for SASL_PLAINTEXT/PLAIN with this user and password. */
    private static Path config(String name, String password) throws Exception {
        Path file = tmp.resolve(name + ".properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\n"
                + "sasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + USER + "\" password=\"" + password + "\";\n", StandardCharsets.UTF_8);
        return file;
    }

    /** The command in a child JVM; its exit code and all it printed (stdout, stderr, logs). */
    private static Object[] run(String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(DrillProcesses.java(), "-Xmx1g", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            return new Object[] {-1, "did not end within 5 minutes:\n" + Files.readString(out)};
        }
        return new Object[] {p.exitValue(), Files.readString(out)};
    }

    private static void assertSaysAuthenticationFailed(String what, Object[] r) {
        String out = (String) r[1];
        assertTrue((int) r[0] != 0, what + ": exit code 0:\n" + out);
        String line = out.lines().filter(l -> l.startsWith("facestream ")).findFirst().orElse("");
        assertTrue(line.contains("authentication failed"), what + ": no 'authentication failed' line:\n" + out);
        assertTrue(line.contains(BROKER.kafka().saslBootstrapServers()), what + ": the broker is not named: " + line);
        assertTrue(line.contains("user '" + USER + "'"), what + ": the user is not named: " + line);
        assertFalse(line.contains("within") || line.toLowerCase(java.util.Locale.ROOT).contains("timed out")
                || line.contains("cannot reach"), what + ": said as a timeout: " + line);
        CommandErrorsTest.assertNamesTheInput(what, new Object[] {r[0], out}, BROKER.kafka().saslBootstrapServers());
        assertNoSecret(what, out);
    }

    private static void assertNoSecret(String what, String out) {
        assertFalse(out.contains(WRONG_PASSWORD) || out.contains(PASSWORD), what + ": a password in the output:\n"
                + out);
    }

    @Test
    void aWrongPasswordIsSaidAsAuthenticationFailedForProduceAndDetectStream() throws Exception {
        Path wrong = config("wrong", WRONG_PASSWORD);
        Object[] produce = run("produce-wrong", "produce", "--video", Samples.demoVideo().toString(), "--no-pace",
                "--bootstrap-servers", BROKER.kafka().saslBootstrapServers(), "--kafka-config", wrong.toString(),
                "--metrics-port", "-1");
        assertSaysAuthenticationFailed("produce with a wrong password", produce);

        Path model = TestModels.untrained(tmp.resolve("model"));
        Object[] detect = run("detect-stream-wrong", "detect-stream", "--model", model.toString(), "--device", "cpu",
                "--bootstrap-servers", BROKER.kafka().saslBootstrapServers(), "--kafka-config", wrong.toString(),
                "--metrics-port", "-1", "--state-dir", tmp.resolve("state").toString());
        assertSaysAuthenticationFailed("detect-stream with a wrong password", detect);
    }

    @Test
    void theRightPasswordPublishesAndShowsNoSecret() throws Exception {
        Object[] produce = run("produce-right", "produce", "--video", Samples.demoVideo().toString(), "--no-pace",
                "--bootstrap-servers", BROKER.kafka().saslBootstrapServers(), "--kafka-config",
                config("right", PASSWORD).toString(), "--metrics-port", "-1");
        assertEquals(0, produce[0], (String) produce[1]);
        assertNoSecret("produce with the right password", (String) produce[1]);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.kafka().bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.FACE_CROPS, 0);
            long published = c.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
            assertTrue(published > 0, "produce said it published, but face-crops is empty:\n" + produce[1]);
        }
    }
}
