package dev.facestream.detector;

import dev.facestream.core.metrics.MetricNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which faces below the review threshold go to the review topic: at most {@code perMinute} per
 * (stream, track) in any minute, so one bad camera, or one face the model keeps missing, cannot
 * flood the queue. The minute is of the crops' own capture time, not the wall clock, so that a
 * replay of the same crops queues the same faces.
 *
 * <p>Per track it keeps the capture times of the last {@code perMinute} faces it queued (a ring);
 * a face is queued when fewer than {@code perMinute} were queued in the minute before its capture
 * time. At most {@code maxTracks} tracks are kept, the least recently seen evicted first: memory
 * stays bounded whatever the number of tracks, and a track evicted while it was still active
 * starts over with its full share (only when more than {@code maxTracks} tracks are active at once).
 * A capture time more than a minute before the track's newest queued one (a stream whose clock
 * went back) starts the track over too, rather than suppressing it until its clock catches up.
 *
 * <p>Thread-safe; one per detector (its counters are the detector's).
 *
 * <pre>
 * ReviewSampler sampler = new ReviewSampler(2, ReviewSampler.DEFAULT_MAX_TRACKS);
 * if (confidence &lt; reviewBelow &amp;&amp; sampler.offer(crop.streamId(), crop.track(), crop.capturedAtMicros())) {
 *     // send FaceReviewRecord.of(crop, ...) to Topics.FACE_REVIEW
 * }
 * </pre>
 */
public final class ReviewSampler {
    /** The window: one minute of capture time. */
    public static final long WINDOW_MICROS = 60_000_000L;
    /** A default for {@code maxTracks}: far more faces than one detector sees within a minute. */
    public static final int DEFAULT_MAX_TRACKS = 10_000;

    private final int perMinute;
    private final int maxTracks;
    private final Map<TrackKey, Window> tracks;
    private long queued;
    private long suppressed;
    private long evicted;

    private record TrackKey(String streamId, long track) {
    }

    /** The capture times of a track's last queued faces, oldest at {@code next} once full. */
    private static final class Window {
        final long[] times;
        int size;
        int next;

        Window(int capacity) {
            times = new long[capacity];
        }

        long newest() {
            return times[(next - 1 + times.length) % times.length];
        }

        void add(long t) {
            times[next] = t;
            next = (next + 1) % times.length;
            size = Math.min(size + 1, times.length);
        }
    }

    /**
     * @param perMinute the most faces queued per (stream, track) in any minute of capture time, at least 1
     * @param maxTracks the most tracks remembered at once, at least 1
     */
    public ReviewSampler(int perMinute, int maxTracks) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("faces per track and minute must be at least 1, got " + perMinute);
        }
        if (maxTracks < 1) {
            throw new IllegalArgumentException("tracks remembered must be at least 1, got " + maxTracks);
        }
        this.perMinute = perMinute;
        this.maxTracks = maxTracks;
        // access order: get() and put() move a track to the end, the eldest is the least recently seen
        this.tracks = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<TrackKey, Window> eldest) {
                boolean full = size() > ReviewSampler.this.maxTracks;
                if (full) {
                    evicted++;
                }
                return full;
            }
        };
    }

    /**
     * Whether a face below the threshold is queued; counts it as queued or suppressed.
     *
     * @param streamId         the face's stream
     * @param track            its track within the stream
     * @param capturedAtMicros its capture time (the crop record's), microseconds since the epoch
     * @return true when it is to be sent to the review topic
     */
    public synchronized boolean offer(String streamId, long track, long capturedAtMicros) {
        Objects.requireNonNull(streamId, "streamId");
        TrackKey key = new TrackKey(streamId, track);
        Window w = tracks.get(key);
        if (w == null) {
            w = new Window(perMinute);
            tracks.put(key, w);
        } else if (w.size > 0 && capturedAtMicros < w.newest() - WINDOW_MICROS) {
            w = new Window(perMinute);
            tracks.put(key, w);
        }
        // full ring: times[next] is the oldest of the last perMinute queued faces
        boolean room = w.size < perMinute || capturedAtMicros - w.times[w.next] >= WINDOW_MICROS;
        if (room) {
            w.add(capturedAtMicros);
            queued++;
        } else {
            suppressed++;
        }
        return room;
    }

    /** Faces {@link #offer offered} and queued. */
    public synchronized long queued() {
        return queued;
    }

    /** Faces offered and not queued: their track had its share of the minute. */
    public synchronized long suppressed() {
        return suppressed;
    }

    /** Tracks remembered now (at most {@code maxTracks}). */
    public synchronized int tracks() {
        return tracks.size();
    }

    /** Tracks forgotten to stay within {@code maxTracks}. */
    public synchronized long evictedTracks() {
        return evicted;
    }

    public int perMinute() {
        return perMinute;
    }

    /**
     * Registers {@link MetricNames#REVIEW_QUEUED} and {@link MetricNames#REVIEW_SUPPRESSED}
     * (Prometheus {@code facestream_detector_review_queued_total}, {@code ..._suppressed_total}).
     */
    public ReviewSampler bindTo(MeterRegistry registry) {
        FunctionCounter.builder(MetricNames.REVIEW_QUEUED, this, ReviewSampler::queued)
                .description("faces below the review threshold sent to the review topic").register(registry);
        FunctionCounter.builder(MetricNames.REVIEW_SUPPRESSED, this, ReviewSampler::suppressed)
                .description("faces below the review threshold not sent: their track had its share of the minute")
                .register(registry);
        return this;
    }
}
