package dev.facestream.producer;

/**
 * Whether a live producer may skip face detection on a frame to catch up with its source: when
 * it is behind, the frame is cut at the last frame's boxes (as {@code --detect-every} does) and
 * the face detector, the producer's largest cost, is skipped, never on two frames in a row (a
 * face that moves or appears is found on the next one). The producer is behind when the capture
 * queue dropped a frame while the one before was processed, or when this frame has waited
 * longer than the time between it and the frame before: its successor is due already. Batch
 * work (every frame, no pacing) never skips. Not thread-safe: the processing thread's.
 */
final class CatchUp {
    private final boolean enabled;
    private long lastMediaMicros = Long.MIN_VALUE;
    private long droppedSeen;
    private boolean skippedLast;

    /** @param enabled false for batch work: detection on every frame it is asked for */
    CatchUp(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * @param frame        the frame about to be processed
     * @param nowMicros    the wall clock now (the frames' clock)
     * @param droppedSoFar frames the capture queue has dropped so far
     * @return whether to cut {@code frame} at the last boxes without detecting
     */
    boolean skipDetection(CapturedFrame frame, long nowMicros, long droppedSoFar) {
        long interval = lastMediaMicros == Long.MIN_VALUE ? 0 : frame.mediaTimeMicros() - lastMediaMicros;
        lastMediaMicros = frame.mediaTimeMicros();
        boolean dropped = droppedSoFar > droppedSeen;
        droppedSeen = droppedSoFar;
        boolean behind = dropped || (interval > 0 && nowMicros - frame.capturedAtMicros() > interval);
        boolean skip = enabled && behind && !skippedLast;
        skippedLast = skip;
        return skip;
    }
}
