package dev.facestream.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.model.KeypointModel;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.testkit.TestModels;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeypointsTopologyTest extends UntrainedModelTest {
    private static final Duration MAX_WAIT = Duration.ofMillis(50);
    private static List<FaceCropRecord> maleCrops;

    @BeforeAll
    static void readCrops() throws Exception {
        maleCrops = maleCrops(6);
    }

    private static TopologyDriver driver(KeypointModel model, int maxBatch) {
        return driver(model, maxBatch, false);
    }

    private static TopologyDriver driver(KeypointModel model, int maxBatch, boolean pipelined) {
        return new TopologyDriver("test", tmp.resolve("state"), ModelHolder.of(model), maxBatch, MAX_WAIT, pipelined);
    }

    @Test
    void cropsAreBatchedBySizeThenByWaitAndComeOutInOrder() {
        try (TopologyDriver d = driver(untrained, 4)) {
            for (int i = 0; i < 3; i++) {
                d.send(maleCrops.get(i));
            }
            assertTrue(d.out.isEmpty(), "a batch of 4 waits for its 4th crop");
            assertEquals(3, d.buffered());
            d.send(maleCrops.get(3));
            List<TestRecord<String, byte[]>> records = new ArrayList<>(d.out.readRecordsToList());
            assertEquals(4, records.size(), "the 4th crop fills the batch");
            assertEquals(0, d.buffered());

            d.send(maleCrops.get(4));
            assertTrue(d.out.isEmpty(), "a lone crop waits for more");
            d.driver.advanceWallClockTime(MAX_WAIT);
            records.addAll(d.out.readRecordsToList());
            assertEquals(5, records.size(), "max wait runs the partial batch");
            for (int i = 0; i < records.size(); i++) {
                FaceCropRecord crop = maleCrops.get(i);
                KeypointsRecord k = KeypointsRecord.fromJson(records.get(i).value());
                assertEquals("male", records.get(i).key());
                assertEquals(crop.frame(), k.frame(), "frame order kept");
                assertEquals(crop.capturedAtMicros() / 1000, records.get(i).timestamp());
                assertEquals(Keypoint.COUNT, k.keypoints().size());
                assertEquals("untrained-test", k.modelVersion());
                assertEquals("cpu", k.device());
            }
            assertEquals(2, d.counters.batches());
            assertEquals(5, d.counters.keypoints());
        }
    }

    @Test
    void theDetectorAsksForACommitWhenItsInputGoesQuietNotWhileItFlows() {
        try (TopologyDriver d = driver(untrained, 2)) {
            d.send(maleCrops.get(0));
            d.send(maleCrops.get(1));
            d.send(maleCrops.get(2));
            assertEquals(2, d.out.readRecordsToList().size(), "a full batch runs at once");
            assertEquals(0, d.counters.quietCommits(), "a batch filled by the input is no reason to commit");
            d.driver.advanceWallClockTime(MAX_WAIT);
            assertEquals(1, d.out.readRecordsToList().size(), "the max wait runs the last crop");
            assertEquals(1, d.counters.quietCommits(), "now every crop read has its keypoints: commit");
            d.driver.advanceWallClockTime(MAX_WAIT.multipliedBy(4));
            assertEquals(1, d.counters.quietCommits(), "nothing new forwarded, nothing to commit");
        }
    }

    @Test
    void onceTheInputHasEndedAPartialBatchRunsAtTheNextPunctuationNotAfterItsMaxWait() {
        try (TopologyDriver d = driver(untrained, 4)) {
            Duration tick = MAX_WAIT.dividedBy(4);
            d.send(maleCrops.get(0));
            d.driver.advanceWallClockTime(tick);
            assertTrue(d.out.isEmpty(), "a lone crop waits for its batch while more may come");
            d.inputEnded.set(true);
            d.driver.advanceWallClockTime(tick);
            assertEquals(1, d.out.readRecordsToList().size(), "the input has ended: it runs at the next tick");
            assertEquals(1, d.counters.quietCommits(), "and is committed at once");
        }
    }

    @Test
    void pipelinedBatchesComeOutOnceEachInOrderAndLeaveTheBufferEmpty() throws Exception {
        try (TopologyDriver plain = driver(untrained, 2); TopologyDriver piped = driver(untrained, 2, true)) {
            int n = maleCrops.size();
            assertTrue(n >= 5, "needs at least two full batches and a partial one, has " + n);
            for (FaceCropRecord c : maleCrops) {
                plain.send(c);
                piped.send(c);
            }
            plain.driver.advanceWallClockTime(MAX_WAIT);
            List<TestRecord<String, byte[]>> expected = plain.out.readRecordsToList();
            // the last full batch runs on the inference thread: it is forwarded at a punctuation
            // once done (the partial batch after it is waited for there)
            List<TestRecord<String, byte[]>> got = new ArrayList<>(piped.out.readRecordsToList());
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (got.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
                piped.driver.advanceWallClockTime(MAX_WAIT);
                got.addAll(piped.out.readRecordsToList());
            }
            assertEquals(n, expected.size());
            assertEquals(n, got.size(), "every crop exactly once");
            for (int i = 0; i < n; i++) {
                assertEquals(new String(expected.get(i).value(), StandardCharsets.UTF_8),
                        new String(got.get(i).value(), StandardCharsets.UTF_8),
                        "record " + i + ": same keypoints, same order as without pipelining");
            }
            assertEquals(0, piped.buffered(), "every forwarded crop left the buffer");
            assertEquals(plain.counters.batches(), piped.counters.batches());
        }
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithAReasonAndTheStreamCarriesOn() {
        try (TopologyDriver d = driver(untrained, 1)) {
            byte[] good = maleCrops.get(0).encode();
            byte[] truncated = Arrays.copyOf(good, 100);
            byte[] mismatch = good.clone();
            ByteBuffer.wrap(mismatch).putInt(mismatch.length - CropRule.SIZE * CropRule.SIZE - 4, 12);
            d.in.pipeInput("male", truncated);
            d.in.pipeInput("male", "{\"not\":\"a crop\"}".getBytes(StandardCharsets.UTF_8));
            d.in.pipeInput("male", mismatch);
            d.in.pipeInput("male", good);

            List<TestRecord<String, byte[]>> dead = d.dlq.readRecordsToList();
            assertEquals(List.of("TRUNCATED", "BAD_MAGIC", "MISMATCH"), dead.stream()
                    .map(r -> new String(r.headers().lastHeader(Topics.DLQ_REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .toList());
            assertTrue(new String(dead.get(2).headers().lastHeader(Topics.DLQ_ERROR_HEADER).value(),
                    StandardCharsets.UTF_8).contains("pixel count 12"));
            assertTrue(Arrays.equals(truncated, dead.get(0).value()), "dead-lettered unchanged");
            assertEquals(3, d.counters.deadLettered());
            assertEquals(1, d.out.readRecordsToList().size(), "the good record after the bad ones still runs");
        }
    }

    @Test
    void aTrainedModelPutsEyesAboveNoseAboveMouthInsideTheBox() throws Exception {
        Path dir = TestModels.trained();
        try (KeypointModel model = KeypointModel.load(dir, "cpu"); TopologyDriver d = driver(model, 8)) {
            maleCrops.forEach(d::send);
            d.driver.advanceWallClockTime(MAX_WAIT);
            List<TestRecord<String, byte[]>> records = d.out.readRecordsToList();
            assertEquals(maleCrops.size(), records.size());
            for (TestRecord<String, byte[]> r : records) {
                Geometry.assertPlausible(KeypointsRecord.fromJson(r.value()));
            }
        }
    }

    @Test
    void askingForAGpuOnAMachineWithoutOneIsAnError() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a GPU");
        KeypointDetector.Options o = KeypointDetector.Options.builder(tmp.resolve("model")).device("gpu")
                .bootstrapServers("127.0.0.1:1").applicationId("gpu-test").maxBatch(8).maxWait(MAX_WAIT)
                .stateDir(tmp.resolve("gpu-state")).build();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> KeypointDetector.start(o));
        assertTrue(e.getMessage().startsWith("--device gpu"), e.getMessage());
    }
}
