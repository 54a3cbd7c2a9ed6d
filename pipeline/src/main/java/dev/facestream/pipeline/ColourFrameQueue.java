package dev.facestream.pipeline;

import dev.facestream.producer.ColourFrame;
import java.util.ArrayDeque;

/**
 * The decoded colour frames between the producer, which reads the video once, and the annotated
 * output, which writes each frame when its keypoints are in: a queue bounded by bytes. The writer
 * runs up to about a commit interval behind the reader (keypoints become visible at commits),
 * so the bound has to hold a second or two of video; when it is full the reader waits, which
 * holds up the whole run rather than memory. A frame larger than the bound still goes through
 * when the queue is empty.
 *
 * <p>The writer hands each frame's buffer back once it has copied the frame out
 * ({@link #recycle}), and the reader decodes the next frames into those buffers
 * ({@link #buffer}). A frame lives about a second in the queue, long enough to outlive a young
 * garbage collection: allocated afresh, each one is copied by the collector, and new heap pages
 * have to be cleared by the kernel for it. (In two pairs of profiled runs, the kernel's page
 * clearing during the streaming window fell from 1.52 to 0.75 and from 0.30 to 0.09 CPU seconds;
 * frames per second moved within this VM's noise.) The buffers kept for reuse are never more
 * than the queue once held, so the byte bound covers them.
 * Thread-safe.
 */
final class ColourFrameQueue implements ColourFrame.Sink {
    /** 256 MiB: about 580 frames of 640x480 (2 s or more at any speed this runs), 85 of 1080p. */
    static final long DEFAULT_MAX_BYTES = 256L << 20;

    private final long maxBytes;
    private final ArrayDeque<ColourFrame> frames = new ArrayDeque<>();
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private long bytes;
    private boolean closed;

    ColourFrameQueue(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("a queue of " + maxBytes + " bytes holds nothing");
        }
        this.maxBytes = maxBytes;
    }

    /** Waits while the queue is over its bound; a closed queue drops the frame (the run is ending). */
    @Override
    public synchronized void accept(ColourFrame frame) throws InterruptedException {
        while (!closed && !frames.isEmpty() && bytes + frame.i420().length > maxBytes) {
            wait();
        }
        if (closed) {
            return;
        }
        frames.add(frame);
        bytes += frame.i420().length;
        notifyAll();
    }

    /** The next frame, waiting for it; null once the queue is closed and empty. */
    synchronized ColourFrame take() throws InterruptedException {
        while (frames.isEmpty() && !closed) {
            wait();
        }
        ColourFrame f = frames.poll();
        if (f != null) {
            bytes -= f.i420().length;
            notifyAll();
        }
        return f;
    }

    /** A buffer handed back by {@link #recycle} if there is one of that size, else a new one. */
    @Override
    public synchronized byte[] buffer(int size) {
        byte[] b = free.poll();
        while (b != null && b.length != size) {
            b = free.poll();   // a frame size from before a change of size: let it go
        }
        return b != null ? b : new byte[size];
    }

    /** The writer is done with {@code frame}'s bytes: its buffer may carry another frame. */
    synchronized void recycle(ColourFrame frame) {
        free.push(frame.i420());
    }

    /** No more frames will come: {@link #take} drains what is there, then returns null. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized long bytes() {
        return bytes;
    }
}
