package dev.facestream.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.wire.DeadLetter;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.ProductionExceptionHandlerResponse;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dead letters are bounded whatever the input, carry where the input was read, and the handlers
 * the detector installs skip (and count) what cannot be read or written instead of stopping.
 */
class DeadLettersTest extends UntrainedModelTest {
    /** Just under the broker's default 1 MB record limit, as in the drill of issue 13. */
    private static final int NEAR_LIMIT = 1_048_400;

    private static List<FaceCropRecord> crops;

    @BeforeAll
    static void readCrops() throws Exception {
        crops = maleCrops(3);
    }

    private static TopologyDriver driver(String applicationId, String stateDir) {
        return new TopologyDriver(applicationId, tmp.resolve(stateDir), ModelHolder.of(untrained), 1,
                Duration.ofMillis(50), false);
    }

    private static String header(Headers h, String name) {
        return new String(h.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void aNearOneMegabyteRecordIsDeadLetteredAsABoundedPrefixWithItsCoordinatesAndTheNextCropIsAnswered() {
        try (TopologyDriver driver = driver("dead-letters", "state")) {
            DetectorCounters counters = driver.counters;
            TestInputTopic<String, byte[]> in = driver.in;
            TestOutputTopic<String, byte[]> out = driver.out;
            TestOutputTopic<String, byte[]> dlq = driver.dlq;

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
        try (TopologyDriver driver = driver("nonsense", "state-nonsense")) {
            TestInputTopic<String, byte[]> in = driver.in;
            byte[] nanBox = crops.get(0).encode();
            // the box's x, after magic, version, id length, the 4-byte id "male", frame, capture, face, track
            java.nio.ByteBuffer.wrap(nanBox).putFloat(2 + 2 + 4 + 28, Float.NaN);
            in.pipeInput("male", nanBox);
            in.pipeInput("male", crops.get(1).encode());
            List<TestRecord<String, byte[]>> dead = driver.dlq.readRecordsToList();
            assertEquals(1, dead.size());
            assertEquals("INVALID", header(dead.get(0).headers(), DeadLetter.REASON_HEADER));
            assertTrue(header(dead.get(0).headers(), DeadLetter.ERROR_HEADER).contains("face box x=NaN"),
                    header(dead.get(0).headers(), DeadLetter.ERROR_HEADER));
            List<TestRecord<String, byte[]>> out = driver.out.readRecordsToList();
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
