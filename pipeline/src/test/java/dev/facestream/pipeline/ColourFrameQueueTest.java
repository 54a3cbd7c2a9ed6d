package dev.facestream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.producer.ColourFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ColourFrameQueueTest {
    /** A 4x2 frame: 12 bytes. */
    private static ColourFrame frame(long n) {
        return new ColourFrame(n, 4, 2, 25, new byte[12]);
    }

    /** The reader's side, on another thread: done once the queue took the frame. */
    private static CompletableFuture<Void> acceptAsync(ColourFrameQueue q, ColourFrame f) {
        return CompletableFuture.runAsync(() -> {
            try {
                q.accept(f);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theReaderWaitsWhileTheQueueHoldsItsBoundAndGoesOnWhenTheWriterTakes() throws Exception {
        ColourFrameQueue q = new ColourFrameQueue(24);
        q.accept(frame(0));
        q.accept(frame(1));
        CompletableFuture<Void> third = acceptAsync(q, frame(2));
        Thread.sleep(200);
        assertFalse(third.isDone(), "a third frame would pass the 24-byte bound: the reader waits");
        assertEquals(0, q.take().number());
        third.get(10, TimeUnit.SECONDS);
        assertEquals(24, q.bytes());
        assertEquals(1, q.take().number());
        assertEquals(2, q.take().number(), "in order");
    }

    @Test
    void aFrameLargerThanTheBoundStillPassesAnEmptyQueue() throws Exception {
        ColourFrameQueue q = new ColourFrameQueue(5);
        q.accept(frame(0));
        assertEquals(0, q.take().number());
    }

    @Test
    void closingDrainsThenEndsAndReleasesAWaitingReader() throws Exception {
        ColourFrameQueue q = new ColourFrameQueue(12);
        q.accept(frame(0));
        CompletableFuture<Void> blocked = acceptAsync(q, frame(1));
        Thread.sleep(100);
        q.close();
        blocked.get(10, TimeUnit.SECONDS);
        assertTrue(blocked.isDone(), "a closed queue lets a waiting reader go (the run is ending)");
        assertEquals(0, q.take().number(), "what was queued is still written");
        assertNull(q.take(), "then the end");
    }

    @Test
    void theWritersBuffersAreHandedToTheReaderAgain() throws Exception {
        ColourFrameQueue q = new ColourFrameQueue(1 << 20);
        byte[] first = q.buffer(12);
        q.accept(new ColourFrame(0, 4, 2, 25, first));
        ColourFrame written = q.take();
        assertNotSame(first, q.buffer(12), "nothing handed back yet: a new buffer");
        q.recycle(written);
        assertSame(first, q.buffer(12), "the written frame's buffer carries the next frame");
        assertNotSame(first, q.buffer(12), "and only one frame");
        q.recycle(written);
        byte[] other = q.buffer(24);
        assertEquals(24, other.length, "a buffer of another size (the video changed size) is not reused");
        assertNotSame(first, q.buffer(12), "and the old one is let go");
    }
}
