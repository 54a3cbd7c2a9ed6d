package dev.facestream.live;

import dev.facestream.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters only {@code live} serves, one per stage after the detector where newest wins and
 * something may be dropped (docs/metrics.md, "Live"; the stages before are the producer's). The
 * view keeps plain counts; these read them when scraped.
 */
final class LiveMeters {
    /** Keypoints that came after their frame was shown: drawn on later frames only, as their track's newest. */
    static final String KEYPOINTS_LATE = "facestream.live.keypoints.late";
    /** Frames the view dropped without encoding them: a newer frame could go out as well. */
    static final String VIEW_FRAMES_DROPPED = "facestream.live.view.frames.dropped";
    /** Frames released that a page did not fetch: it was still drawing the one before (newest wins). */
    static final String PAGE_FRAMES_SKIPPED = "facestream.live.page.frames.skipped";

    private LiveMeters() {
    }

    static void bind(MeterRegistry registry, String stream, LiveView view) {
        FunctionCounter.builder(KEYPOINTS_LATE, view, v -> v.figures().keypointsLate())
                .tag(MetricNames.TAG_STREAM, stream)
                .description("keypoints that came after their frame was shown (drawn on later frames only)")
                .register(registry);
        FunctionCounter.builder(VIEW_FRAMES_DROPPED, view, v -> v.figures().framesDropped())
                .tag(MetricNames.TAG_STREAM, stream)
                .description("frames the live view dropped unencoded because a newer frame could go out too")
                .register(registry);
    }

    /** The page's skip counter, registered by the page server. */
    static Counter pageSkips(MeterRegistry registry, String stream) {
        return Counter.builder(PAGE_FRAMES_SKIPPED).tag(MetricNames.TAG_STREAM, stream)
                .description("frames shown that a page did not fetch: it was still drawing the one before")
                .register(registry);
    }
}
