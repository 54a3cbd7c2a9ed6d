package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.detector.KeypointDetector;
import dev.facestream.testkit.TestCrops;
import dev.facestream.testkit.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A detector that dies mid-transaction, with keypoints sent but not committed and a batch half
 * full: {@code detect-stream} runs in a child JVM that is killed with SIGKILL (no shutdown hook,
 * no last commit), and a second detector in this JVM takes its partition over. A
 * {@code read_committed} reader must then see every crop's keypoints exactly once, in order:
 * the dead instance's open transaction is aborted by the broker, and the new one reprocesses
 * from the last commit (here: none).
 */
class DetectorCrashIT {
    private static final String APP = "crash-detector";
    /** The child's batch: its crops beyond a multiple of it wait (for an hour) in a half-full batch. */
    private static final int BATCH = 4;

    @TempDir
    Path tmp;

    @Test
    void keypointsSentByAKilledDetectorBeforeItCommittedAreNeverSeenAndEveryCropIsAnsweredOnce()
            throws Exception {
        Path model = TestModels.untrained(tmp.resolve("model"));
        List<FaceCropRecord> all = TestCrops.of(TestModels.sample("head-pose-male-480x270.gif"), "male", 2 * BATCH + 2);
        List<FaceCropRecord> crops = all.subList(0, Math.min(all.size(), 2 * BATCH + 2));
        assertEquals(2 * BATCH + 2, crops.size(), "the clip's first frames each show one face");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, Topics.allNames());
            TestCrops.send(kafka.bootstrapServers(), crops);

            Process child = startChildDetector(kafka, model);
            try {
                // the child sends the first full batch's keypoints in a transaction it will not
                // commit for 9 s (the second batch runs and waits for a next record to go out with,
                // the last crops wait for a third); a read_uncommitted reader sees them, which is
                // the moment to kill it
                List<KeypointsRecord> uncommitted = read(kafka, "uncommitted-reader", "read_uncommitted", BATCH,
                        Duration.ofSeconds(60));
                assertTrue(uncommitted.size() >= BATCH, "the child detector sent its first batch (got "
                        + uncommitted.size() + "); its log:\n" + Files.readString(tmp.resolve("child.log")));
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child detector did not die");
            }

            // the survivor: same application id, so it takes the partition once the dead member's
            // session (6 s) has expired; it can restore only after the broker has aborted the dead
            // transaction (Kafka Streams' transaction timeout: 10 s)
            Map<String, Object> config = Map.of(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                    6000);
            try (KeypointDetector survivor = KeypointDetector.start(KeypointDetector.Options.builder(model).device("cpu")
                    .bootstrapServers(kafka.bootstrapServers()).applicationId(APP).maxBatch(BATCH)
                    .maxWait(Duration.ofMillis(100)).stateDir(tmp.resolve("state-survivor")).clientConfig(config)
                    .build())) {
                List<KeypointsRecord> committed = read(kafka, "committed-reader", "read_committed", crops.size(),
                        Duration.ofSeconds(120));
                List<Long> frames = new ArrayList<>();
                committed.forEach(k -> frames.add(k.frame()));
                List<Long> expected = new ArrayList<>();
                crops.forEach(c -> expected.add(c.frame()));
                assertEquals(expected, frames, "each crop's keypoints exactly once, in frame order: none from the"
                        + " killed detector's open transaction, none lost with its half-full batch");
                assertEquals(crops.size(), survivor.counters().keypoints(), "the survivor answered every crop again");
            }
        }
    }

    /** {@code detect-stream} in a child JVM on this test's classpath, committing every 9 s. */
    private Process startChildDetector(EmbeddedKafka kafka, Path model) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "detect-stream",
                "--bootstrap-servers", kafka.bootstrapServers(), "--model", model.toString(), "--device", "cpu",
                "--application-id", APP, "--batch-size", Integer.toString(BATCH), "--max-wait-ms", "3600000",
                "--commit-interval-ms", "9000", "--inference-threads", "1", "--metrics-port", "-1",
                "--state-dir", tmp.resolve("state-child").toString());
        // a Kafka client setting through the environment, as a user would give it: a short group
        // session, so that the survivor takes over soon (the commit interval stays below Kafka
        // Streams' 10 s transaction timeout, which it must)
        pb.environment().put("FACESTREAM_KAFKA_SESSION_TIMEOUT_MS", "6000");
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
        return pb.start();
    }

    /**
     * Reads keypoints from the start until {@code expected} arrived (then a second more, to catch
     * extras) or {@code timeout} passed.
     */
    private static List<KeypointsRecord> read(EmbeddedKafka kafka, String group, String isolation, int expected,
            Duration timeout) {
        List<KeypointsRecord> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.KEYPOINTS));
            long deadline = System.nanoTime() + timeout.toNanos();
            long extraUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, extraUntil)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    out.add(KeypointsRecord.fromJson(r.value()));
                }
                if (out.size() >= expected && extraUntil == Long.MAX_VALUE) {
                    extraUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return out;
    }
}
