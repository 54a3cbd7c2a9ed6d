package dev.facestream.producer;

import java.util.ArrayDeque;

/**
 * The hand-over between the reader and the processing thread. In newest-frame-wins mode (live
 * and paced sources) a full queue drops its oldest frame: a late frame is worth less than the
 * current one, and waiting would make a camera's own buffer fill with stale frames. Otherwise
 * (batch work) the reader waits and nothing is dropped.
 */
final class LatestFrameQueue {
    private final ArrayDeque<CapturedFrame> frames;
    private final int capacity;
    private final boolean dropOldest;
    private boolean closed;
    private long dropped;

    LatestFrameQueue(int capacity, boolean dropOldest) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, got " + capacity);
        }
        this.frames = new ArrayDeque<>(capacity);
        this.capacity = capacity;
        this.dropOldest = dropOldest;
    }

    /**
     * Adds a frame, dropping the oldest or waiting for room when full.
     *
     * @return whether a queued frame was dropped to make room (so callers can count it)
     */
    synchronized boolean put(CapturedFrame frame) throws InterruptedException {
        while (frames.size() >= capacity && !dropOldest && !closed) {
            wait();
        }
        if (closed) {
            return false;
        }
        boolean drop = frames.size() >= capacity;
        if (drop) {
            frames.pollFirst();
            dropped++;
        }
        frames.addLast(frame);
        notifyAll();
        return drop;
    }

    /** The oldest queued frame; {@code null} once the queue is closed and empty. */
    synchronized CapturedFrame take() throws InterruptedException {
        while (frames.isEmpty() && !closed) {
            wait();
        }
        CapturedFrame f = frames.pollFirst();
        notifyAll();
        return f;
    }

    /** No more frames will be put; {@link #take()} drains what is left, then returns null. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized long dropped() {
        return dropped;
    }
}
