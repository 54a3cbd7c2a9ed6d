package dev.facestream.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.model.KeypointModel;
import dev.facestream.core.wire.DeadLetter;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.testkit.TestCrops;
import dev.facestream.testkit.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.ProductionExceptionHandlerResponse;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters are bounded whatever the input, carry where the input was read, and the handlers
 * the detector installs skip (and count) what cannot be read or written instead of stopping.
 */
class DeadLettersTest {
    /** Just under the broker's default 1 MB record limit, as in the drill of issue 13. */
    private static final int NEAR_LIMIT = 1_048_400;

    @TempDir
    static Path tmp;
    private static KeypointModel untrained;
    private static List<FaceCropRecord> crops;

    @BeforeAll
    static void setUp() throws Exception {
        untrained = KeypointModel.load(TestModels.untrained(tmp.resolve("model")), "cpu");
        crops = TestCrops.of(TestModels.sample("head-pose-male-480x270.gif"), "male", 3);
    }

    @AfterAll
    static void tearDown() {
        untrained.close();
    }

    private static String header(Headers h, String name) {
        return new String(h.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void aNearOneMegabyteRecordIsDeadLetteredAsABoundedPrefixWithItsCoordinatesAndTheNextCropIsAnswered() {
        DetectorCounters counters = new DetectorCounters();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "dead-letters");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("state").toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(KeypointsTopology.build(untrained, 1,
                java.time.Duration.ofMillis(50), counters, false, () -> false), p)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.FACE_CROPS,
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, byte[]> out = driver.createOutputTopic(Topics.KEYPOINTS,
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            TestOutputTopic<String, byte[]> dlq = driver.createOutputTopic(Topics.FACE_CROPS_DLQ,
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());

            // a valid header in front of a near-1-MB body: the worst case, it decodes as far as its size
            byte[] huge = Arrays.copyOf(crops.get(0).encode(), NEAR_LIMIT);
            Headers big = new RecordHeaders();
            big.add("someone.elses.header", new byte[50_000]);
            in.pipeInput(new TestRecord<>("male", huge, big, Instant.ofEpochMilli(1234)));
            in.pipeInput("male", crops.get(1).encode());

            List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
            assertEquals(1, dead.size());
            TestRecord<String, byte[]> d = dead.get(0);
            assertEquals("OVERSIZED", header(d.headers(), DeadLetter.REASON_HEADER));
            assertTrue(header(d.headers(), DeadLetter.ERROR_HEADER).contains(NEAR_LIMIT + " bytes"),
                    header(d.headers(), DeadLetter.ERROR_HEADER));
            assertEquals(Topics.FACE_CROPS, header(d.headers(), DeadLetter.SOURCE_TOPIC_HEADER));
            assertEquals("0", header(d.headers(), DeadLetter.SOURCE_PARTITION_HEADER));
            assertEquals("0", header(d.headers(), DeadLetter.SOURCE_OFFSET_HEADER));
            assertEquals("1234", header(d.headers(), DeadLetter.SOURCE_TIMESTAMP_HEADER));
            assertEquals(Integer.toString(NEAR_LIMIT), header(d.headers(), DeadLetter.ORIGINAL_BYTES_HEADER));
            assertNull(d.headers().lastHeader("someone.elses.header"), "the input's own headers are not copied");
            assertArrayEquals(Arrays.copyOf(huge, DeadLetter.MAX_PAYLOAD_BYTES), d.value(), "a prefix of the value");
            int size = d.value().length + d.key().length();
            for (var h : d.headers()) {
                size += h.key().length() + h.value().length;
            }
            assertTrue(size <= DeadLetter.MAX_RECORD_BYTES, size + " > " + DeadLetter.MAX_RECORD_BYTES);
            assertEquals(1, counters.deadLetteredByReason().get("OVERSIZED"));
            assertEquals(1, out.readRecordsToList().size(), "the crop behind it is answered");
        }
    }

    @Test
    void aCropWithANonFiniteBoxIsDeadLetteredAsInvalidAndNoKeypointsJsonHoldsNaN() {
        DetectorCounters counters = new DetectorCounters();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "nonsense");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("state-nonsense").toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(KeypointsTopology.build(untrained, 1,
                java.time.Duration.ofMillis(50), counters, false, () -> false), p)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.FACE_CROPS,
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            byte[] nanBox = crops.get(0).encode();
            // the box's x, after magic, version, id length, the 4-byte id "male", frame, capture, face, track
            java.nio.ByteBuffer.wrap(nanBox).putFloat(2 + 2 + 4 + 28, Float.NaN);
            in.pipeInput("male", nanBox);
            in.pipeInput("male", crops.get(1).encode());
            List<TestRecord<String, byte[]>> dead = driver.createOutputTopic(Topics.FACE_CROPS_DLQ,
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer()).readRecordsToList();
            assertEquals(1, dead.size());
            assertEquals("INVALID", header(dead.get(0).headers(), DeadLetter.REASON_HEADER));
            assertTrue(header(dead.get(0).headers(), DeadLetter.ERROR_HEADER).contains("face box x=NaN"),
                    header(dead.get(0).headers(), DeadLetter.ERROR_HEADER));
            List<TestRecord<String, byte[]>> out = driver.createOutputTopic(Topics.KEYPOINTS,
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer()).readRecordsToList();
            assertEquals(1, out.size());
            String json = new String(out.get(0).value(), StandardCharsets.UTF_8);
            assertTrue(!json.contains("NaN") && !json.contains("Infinity"), json);
        }
    }

    @Test
    void aDeadLetterTheBrokerRefusesIsSkippedAndCountedButOtherRecordsFailTheTask() {
        DetectorCounters counters = new DetectorCounters();
        UnsendableRecords handler = new UnsendableRecords();
        handler.configure(KeypointDetector.errorHandling(counters));
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(Topics.FACE_CROPS_DLQ, new byte[10], new byte[100]);
        assertEquals(ProductionExceptionHandlerResponse.CONTINUE,
                handler.handle((org.apache.kafka.streams.errors.ErrorHandlerContext) null, dead, new RecordTooLargeException("too large")));
        assertEquals(1, counters.skipped());
        ProducerRecord<byte[], byte[]> keypoints = new ProducerRecord<>(Topics.KEYPOINTS, new byte[10], new byte[100]);
        assertEquals(ProductionExceptionHandlerResponse.FAIL,
                handler.handle((org.apache.kafka.streams.errors.ErrorHandlerContext) null, keypoints,
                        new RecordTooLargeException("too large")),
                "a keypoints record is never dropped silently");
        assertEquals(1, counters.skipped());
    }

    @Test
    void aRecordThatDoesNotDeserializeIsSkippedAndCounted() {
        DetectorCounters counters = new DetectorCounters();
        UnreadableRecords handler = new UnreadableRecords();
        handler.configure(KeypointDetector.errorHandling(counters));
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>(Topics.FACE_CROPS, 2, 17,
                new StringSerializer().serialize(Topics.FACE_CROPS, "k"), new byte[3]);
        assertEquals(DeserializationHandlerResponse.CONTINUE,
                handler.handle((org.apache.kafka.streams.errors.ErrorHandlerContext) null, r,
                        new org.apache.kafka.common.errors.SerializationException("bad key")));
        assertEquals(Map.of(), counters.deadLetteredByReason().entrySet().stream()
                .filter(e -> e.getValue() > 0).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        Map.Entry::getValue)));
        assertEquals(1, counters.skipped());
    }
}
