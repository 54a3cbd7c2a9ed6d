package dev.facestream.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.facestream.core.crop.GrayImage;
import org.junit.jupiter.api.Test;

class LatestFrameQueueTest {
    private static CapturedFrame frame(long n) {
        return new CapturedFrame(n, n, n, new GrayImage(1, 1, new byte[1]));
    }

    @Test
    void whenFullTheOldestFrameIsDroppedAndCounted() throws Exception {
        LatestFrameQueue q = new LatestFrameQueue(2, true);
        for (int i = 0; i < 5; i++) {
            q.put(frame(i));
        }
        q.close();
        assertEquals(3, q.take().number());
        assertEquals(4, q.take().number());
        assertNull(q.take());
        assertEquals(3, q.dropped());
    }

    @Test
    void batchModeKeepsEveryFrame() throws Exception {
        LatestFrameQueue q = new LatestFrameQueue(1, false);
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; i < 50; i++) {
                    q.put(frame(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                q.close();
            }
        });
        reader.start();
        long expected = 0;
        for (CapturedFrame f; (f = q.take()) != null; expected++) {
            assertEquals(expected, f.number());
        }
        reader.join();
        assertEquals(50, expected);
        assertEquals(0, q.dropped());
    }
}
