package dev.facestream.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.FaceReviewRecord;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.model.KeypointModel;
import dev.facestream.testkit.TestCrops;
import dev.facestream.testkit.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped model has a confidence head: faces under the threshold also go to face-review, rate-limited per track. */
class ReviewQueueTopologyTest {
    @TempDir
    static Path tmp;
    private static KeypointModel model;
    private static List<FaceCropRecord> crops;

    @BeforeAll
    static void setUp() throws Exception {
        model = KeypointModel.load(TestModels.trained(), "cpu");
        crops = TestCrops.of(TestModels.sample("head-pose-male-480x270.gif"), "male", 6);
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    private record Run(List<TestRecord<String, byte[]>> keypoints, List<TestRecord<String, byte[]>> review,
            ReviewSampler sampler) {
    }

    private static Run run(double below, int perMinute) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "review-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("state-" + below).toString());
        ReviewSampler sampler = new ReviewSampler(perMinute, 100);
        try (TopologyTestDriver driver = new TopologyTestDriver(KeypointsTopology.build(ModelHolder.of(model),
                new KeypointsTopology.Batching(1, Duration.ofMillis(50), false, () -> false), new DetectorCounters(),
                below, sampler), p)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.FACE_CROPS,
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            for (FaceCropRecord c : crops) {
                in.pipeInput(c.streamId(), c.encode(), java.time.Instant.ofEpochMilli(c.capturedAtMicros() / 1000));
            }
            TestOutputTopic<String, byte[]> out = driver.createOutputTopic(Topics.KEYPOINTS,
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            List<TestRecord<String, byte[]>> keypoints = out.readRecordsToList();
            List<TestRecord<String, byte[]>> review = below > 0
                    ? driver.createOutputTopic(Topics.FACE_REVIEW, Serdes.String().deserializer(),
                            Serdes.ByteArray().deserializer()).readRecordsToList()
                    : List.of();
            return new Run(keypoints, review, sampler);
        }
    }

    @Test
    void facesUnderTheThresholdAreQueuedWithTheirCropAndPointsAtMostNPerTrackAndMinute() {
        // every confidence is under 1: all six faces qualify; the six frames of one track lie within
        // one minute of capture time, so two are queued and four suppressed
        Run r = run(1.0, 2);
        assertEquals(crops.size(), r.keypoints().size(), "every face still gets its keypoints");
        assertEquals(2, r.review().size());
        assertEquals(2, r.sampler().queued());
        assertEquals(crops.size() - 2, r.sampler().suppressed());
        for (int i = 0; i < r.review().size(); i++) {
            FaceReviewRecord q = FaceReviewRecord.decode(r.review().get(i).value());
            KeypointsRecord k = KeypointsRecord.fromJson(r.keypoints().get(i).value());
            FaceCropRecord c = crops.get(i);
            assertEquals(c.streamId(), q.streamId());
            assertEquals(c.frame(), q.frame());
            assertEquals(c.track(), q.track());
            assertArrayEquals(c.crop().pixels(), q.crop().pixels(), "the crop the model saw");
            assertEquals(k.confidence(), q.confidence(), 1e-9, "the confidence the keypoints record carries");
            assertTrue(q.confidence() > 0 && q.confidence() < 1, "a calibrated probability: " + q.confidence());
            assertEquals(model.metadata().modelVersion(), q.modelVersion());
            assertTrue(q.reason().contains("below 1.00"), q.reason());
        }
    }

    @Test
    void aThresholdUnderEveryConfidenceQueuesNothing() {
        Run r = run(1e-9, 10);
        assertEquals(crops.size(), r.keypoints().size());
        assertEquals(0, r.review().size());
        assertEquals(0, r.sampler().queued() + r.sampler().suppressed(), "no face was under the threshold");
    }

    @Test
    void aThresholdOutsideZeroToOneIsRefusedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReviewPolicy(1.5, 2));
        assertTrue(e.getMessage().contains("--review-below 1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReviewPolicy(0.5, 0));
    }
}
