package dev.facestream.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.core.wire.DeadLetter;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.testkit.TestCrops;
import dev.facestream.testkit.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record of issue 13 against a real broker: one {@code face-crops} record just under the
 * broker's 1 MB limit, then crops behind it. The detector must dead-letter it and answer every
 * crop behind it; when even the dead letter is refused it must skip it; and a fatal error stops
 * it with a line saying why.
 */
class OversizedRecordIT {
    private static final int NEAR_LIMIT = 1_048_400;
    private static final int BEHIND = 100;

    @TempDir
    static Path tmp;
    static Path model;
    static List<FaceCropRecord> sample;

    @BeforeAll
    static void setUp() throws Exception {
        model = TestModels.untrained(tmp.resolve("model"));
        sample = TestCrops.of(TestModels.sample("head-pose-male-480x270.gif"), "male", 10);
    }

    /** {@code n} crops of the sample, numbered 1..n as frames of stream {@code stream}. */
    static List<FaceCropRecord> crops(String stream, int n) {
        List<FaceCropRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FaceCropRecord c = sample.get(i % sample.size());
            out.add(new FaceCropRecord(stream, i + 1, c.capturedAtMicros(), 0, 1, c.box(), c.transform(),
                    c.frameWidth(), c.frameHeight(), c.crop()));
        }
        return out;
    }

    private static void createTopics(EmbeddedKafka kafka, Map<String, String> dlqConfig) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.FACE_CROPS, 1, (short) 1),
                    new NewTopic(Topics.KEYPOINTS, 1, (short) 1),
                    new NewTopic(Topics.FACE_CROPS_DLQ, Optional.of(1), Optional.of((short) 1)).configs(dlqConfig)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void send(EmbeddedKafka kafka, byte[] bad, List<FaceCropRecord> behind) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                // the bad record is near the broker's limit, above this client's default request size
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20),
                new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.FACE_CROPS, "male", bad));
            for (FaceCropRecord c : behind) {
                p.send(new ProducerRecord<>(Topics.FACE_CROPS, c.streamId(), c.encode()));
            }
            p.flush();
        }
    }

    /** Records of {@code topic} from the start, read_committed, until {@code expected} came or the timeout. */
    static List<ConsumerRecord<String, byte[]>> read(EmbeddedKafka kafka, String topic, int expected,
            Duration timeout) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // a moment more, to see extras
            c.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private KeypointDetector start(EmbeddedKafka kafka, String app) throws Exception {
        KeypointDetector d = KeypointDetector.start(KeypointDetector.Options.builder(model).device("cpu")
                .bootstrapServers(kafka.bootstrapServers()).applicationId(app).maxBatch(16)
                .maxWait(Duration.ofMillis(50)).stateDir(tmp.resolve("state-" + app)).build());
        return d;
    }

    /** What a test checks once every crop behind the bad record has its keypoints. */
    @FunctionalInterface
    private interface AfterAnswers {
        void check(EmbeddedKafka kafka, KeypointDetector d) throws Exception;
    }

    /**
     * On a fresh broker whose dead-letter topic is created with {@code dlqConfig}: sends {@code bad}
     * and {@code behind} crops after it, starts a detector, checks that every crop behind the
     * {@code what} record is answered once, then runs {@code then}.
     */
    private void behindABadRecord(Map<String, String> dlqConfig, byte[] bad, int behind, String app, String what,
            AfterAnswers then) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            createTopics(kafka, dlqConfig);
            send(kafka, bad, crops("male", behind));
            try (KeypointDetector d = start(kafka, app)) {
                List<ConsumerRecord<String, byte[]>> keypoints = read(kafka, Topics.KEYPOINTS, behind,
                        Duration.ofSeconds(120));
                assertEquals(behind, keypoints.size(), "every crop behind the " + what + " record answered once");
                then.check(kafka, d);
            }
        }
    }

    @Test
    void aRecordJustUnderTheBrokersLimitIsDeadLetteredAndTheCropsBehindItAreAnswered() throws Exception {
        byte[] huge = Arrays.copyOf(sample.get(0).encode(), NEAR_LIMIT);
        behindABadRecord(Map.of(), huge, BEHIND, "oversized", "big", (kafka, d) -> {
            List<ConsumerRecord<String, byte[]>> dead = read(kafka, Topics.FACE_CROPS_DLQ, 1, Duration.ofSeconds(30));
            assertEquals(1, dead.size());
            assertEquals("OVERSIZED", header(dead.get(0), DeadLetter.REASON_HEADER));
            assertEquals(Integer.toString(NEAR_LIMIT), header(dead.get(0), DeadLetter.ORIGINAL_BYTES_HEADER));
            assertEquals("0", header(dead.get(0), DeadLetter.SOURCE_OFFSET_HEADER));
            assertEquals(DeadLetter.MAX_PAYLOAD_BYTES, dead.get(0).value().length);
            assertEquals(KafkaStreams.State.RUNNING, d.state());
        });
    }

    @Test
    void againstADeadLetterTopicWithASmallRecordLimitTheDeadLetterIsCutToFit() throws Exception {
        // a dead-letter topic whose records may not exceed 2000 bytes; this input is 5000
        behindABadRecord(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "2000"), new byte[5000], 20, "cut", "bad",
                (kafka, d) -> {
                    List<ConsumerRecord<String, byte[]>> dead = read(kafka, Topics.FACE_CROPS_DLQ, 1,
                            Duration.ofSeconds(30));
                    assertEquals(1, dead.size());
                    assertEquals("BAD_MAGIC", header(dead.get(0), DeadLetter.REASON_HEADER));
                    assertEquals("5000", header(dead.get(0), DeadLetter.ORIGINAL_BYTES_HEADER));
                    assertTrue(dead.get(0).value().length > 0 && dead.get(0).value().length < 2000,
                            dead.get(0).value().length + " bytes kept");
                    assertEquals(0, d.counters().skipped());
                });
    }

    @Test
    void whenNotEvenTheDeadLettersHeadersFitTheInputIsSkippedCountedAndTheStreamGoesOn() throws Exception {
        behindABadRecord(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "300"), new byte[5000], 20, "skipped",
                "skipped", (kafka, d) -> {
                    assertEquals(1, d.counters().skipped(), d.counters().toString());
                    assertEquals(0, read(kafka, Topics.FACE_CROPS_DLQ, 0, Duration.ofSeconds(1)).size());
                    assertEquals(KafkaStreams.State.RUNNING, d.state());
                });
    }

    @Test
    void aMissingInputTopicStopsTheDetectorWithALineNamingIt() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, Topics.KEYPOINTS, Topics.FACE_CROPS_DLQ);
            try (KeypointDetector d = start(kafka, "no-input")) {
                d.awaitStop();
                assertEquals(KafkaStreams.State.ERROR, d.state());
                assertTrue(d.failure() != null && d.failure().contains(Topics.FACE_CROPS), String.valueOf(d.failure()));
            }
        }
    }
}
