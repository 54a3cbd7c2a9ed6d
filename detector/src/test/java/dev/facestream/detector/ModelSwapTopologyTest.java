package dev.facestream.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.model.KeypointModel;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.testkit.TestCrops;
import dev.facestream.testkit.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model swapped into the holder is picked up between two batches, and the old one closed only once unused. */
class ModelSwapTopologyTest {
    @TempDir
    static Path tmp;
    static Path dirA;
    static Path dirB;
    static List<FaceCropRecord> crops;

    @BeforeAll
    static void setUp() throws Exception {
        dirA = TestModels.untrained(tmp.resolve("a"), "model-a");
        dirB = TestModels.untrained(tmp.resolve("b"), "model-b");
        crops = TestCrops.of(TestModels.sample("head-pose-male-480x270.gif"), "male", 8);
        assertTrue(crops.size() >= 8, "a face in most of the first frames, got " + crops.size());
    }

    static ModelHolder.Served served(Path dir, String version) throws Exception {
        return new ModelHolder.Served(KeypointModel.load(dir, "cpu"), version, version, dir.toString());
    }

    @Test
    void eachBatchIsAnsweredByOneModelAndRecordsNameIt() throws Exception {
        List<String> served = new ArrayList<>();
        ModelHolder holder = ModelHolder.owning(served(dirA, "model-a"), s -> served.add(s.version()));
        int batch = 4;
        try (TopologyDriver driver = new TopologyDriver("swap-test", tmp.resolve("state"), holder, batch,
                Duration.ofHours(1), true)) {
            TestInputTopic<String, byte[]> in = driver.in;
            TestOutputTopic<String, byte[]> out = driver.out;
            // two full batches with model-a (pipelined: the second may still be running at the swap)
            for (int i = 0; i < 2 * batch; i++) {
                in.pipeInput(crops.get(i).streamId(), crops.get(i).encode());
            }
            ModelHolder.Served b = served(dirB, "model-b");
            holder.serve(b);
            // the next batch starts after the swap
            for (int i = 0; i < 2 * batch; i++) {
                FaceCropRecord c = crops.get(i);
                in.pipeInput(c.streamId(), new FaceCropRecord(c.streamId(), 100 + i, c.capturedAtMicros(), c.face(),
                        c.track(), c.box(), c.transform(), c.frameWidth(), c.frameHeight(), c.crop()).encode());
            }
            // a record more so that the last running batch is forwarded
            in.pipeInput(crops.get(0).streamId(), crops.get(0).encode());
            List<String> versions = new ArrayList<>();
            List<Long> frames = new ArrayList<>();
            out.readValuesToList().forEach(v -> {
                KeypointsRecord r = KeypointsRecord.fromJson(v);
                versions.add(r.modelVersion());
                frames.add(r.frame());
            });
            assertTrue(versions.size() >= 3 * batch, "at least three batches forwarded: " + versions);
            for (int i = 0; i < versions.size(); i++) {
                assertEquals(frames.get(i) < 100 ? "model-a" : "model-b", versions.get(i),
                        "record " + i + " (frame " + frames.get(i) + ") names the model of its batch");
            }
            assertEquals(List.of("model-a", "model-b"), served);
        }
        holder.close();
    }

    @Test
    void aSwappedOutModelIsClosedOnlyWhenItsLastLeaseIsReturned() throws Exception {
        ModelHolder holder = ModelHolder.owning(served(dirA, "model-a"), s -> { });
        ModelHolder.Lease lease = holder.lease();
        assertTrue(lease.isCurrent());
        holder.serve(served(dirB, "model-b"));
        assertFalse(lease.isCurrent(), "another model is current now");
        // still usable: the old model is not closed while leased
        assertEquals(30, lease.model().newPredictor().predict(List.of(crops.get(0).crop())).get(0).xy().length);
        lease.close();
        assertThrows(RuntimeException.class, () -> lease.model().newPredictor().predict(List.of(crops.get(0).crop())),
                "closed once its last lease was returned");
        ModelHolder.Lease b = holder.lease();
        assertEquals("model-b", b.version());
        b.close();
        holder.close();
    }

    @Test
    void aFixedHolderRefusesASwap() throws Exception {
        try (KeypointModel m = KeypointModel.load(dirA, "cpu")) {
            ModelHolder fixed = ModelHolder.of(m);
            assertThrows(IllegalStateException.class, () -> fixed.serve(served(dirB, "model-b")));
        }
    }
}
