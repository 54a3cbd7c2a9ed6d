package dev.facestream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.wire.KeypointsRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The frame-joining rules; every await here is on a frame that is already final, so nothing blocks. */
class KeypointsByFrameTest {
    private static KeypointsCollector.Received keypoints(long frame, int face) {
        KeypointsRecord r = new KeypointsRecord("s", frame, 0, face, face, new float[] {0, 0, 1, 1}, null, null, Map.of(), "v",
                "cpu");
        return new KeypointsCollector.Received(r, r.toJson(), 0);
    }

    @Test
    void aFrameIsCompleteWhenAllItsCropsHaveKeypointsWhateverTheirOrder() throws Exception {
        KeypointsByFrame ledger = new KeypointsByFrame();
        ledger.received(keypoints(0, 1));   // keypoints may even arrive before the producer's count
        ledger.expect(0, 2);
        ledger.received(keypoints(0, 0));
        List<KeypointsCollector.Received> faces = ledger.await(0);
        assertEquals(List.of(0, 1), faces.stream().map(r -> r.record().face()).toList(), "in face order");
        assertFalse(ledger.awaitComplete(0), "the producer is not done yet");
        ledger.producerDone(1);
        assertTrue(ledger.awaitComplete(0));
    }

    @Test
    void framesWithoutFacesAndFramesTheProducerPassedOverAreFinalAndEmpty() throws Exception {
        KeypointsByFrame ledger = new KeypointsByFrame();
        ledger.expect(0, 0);
        ledger.expect(3, 1);                // frames 1 and 2 were dropped or skipped
        assertEquals(List.of(), ledger.await(0));
        assertEquals(List.of(), ledger.await(1));
        assertEquals(List.of(), ledger.await(2));
        ledger.received(keypoints(3, 0));
        assertEquals(1, ledger.await(3).size());
        ledger.producerDone(5);
        assertEquals(List.of(), ledger.await(4), "after the producer's end every frame is final");
        KeypointsByFrame.Counts counts = ledger.counts();
        assertEquals(5, counts.framesRead());
        assertEquals(1, counts.expected());
        assertEquals(1, counts.received());
    }

    @Test
    void aFailureIsRethrownToWaiters() {
        KeypointsByFrame ledger = new KeypointsByFrame();
        ledger.expect(0, 1);
        ledger.fail(new IllegalStateException("detector stopped"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ledger.await(0));
        assertEquals("detector stopped", e.getMessage());
        assertThrows(IllegalStateException.class, () -> ledger.awaitComplete(0));
    }
}
