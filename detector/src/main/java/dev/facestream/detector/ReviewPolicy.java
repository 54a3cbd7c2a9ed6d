package dev.facestream.detector;

/**
 * Which faces the detector also sends to {@link dev.facestream.core.wire.Topics#FACE_REVIEW}, for a
 * person to correct ({@code facestream review}): those whose confidence is under {@code below},
 * at most {@code perTrackPerMinute} per (stream, track) in any minute of capture time
 * ({@link ReviewSampler}), so one bad camera cannot flood the queue. A model without a confidence
 * head sends none.
 *
 * <p>The sampler's memory is not part of the stream's state: after a crash the replayed crops
 * are offered again, so a track may get a few more queued faces than its share that minute. The
 * review records themselves are written in the same transaction as the keypoints, so a
 * read_committed reader sees each queued face once.
 *
 * @param below             confidence under which a face is queued; 0 (or less) queues none
 * @param perTrackPerMinute most faces queued per track and minute, at least 1
 */
public record ReviewPolicy(double below, int perTrackPerMinute) {
    /** No review queue. */
    public static final ReviewPolicy NONE = new ReviewPolicy(0, 1);
    public static final int DEFAULT_PER_TRACK_PER_MINUTE = 2;

    public ReviewPolicy {
        if (!(below >= 0 && below <= 1)) {
            throw new IllegalArgumentException("--review-below " + below + ": expected a confidence in [0, 1]");
        }
        if (perTrackPerMinute < 1) {
            throw new IllegalArgumentException("--review-per-track-minute " + perTrackPerMinute
                    + ": expected at least 1");
        }
    }

    public boolean enabled() {
        return below > 0;
    }
}
