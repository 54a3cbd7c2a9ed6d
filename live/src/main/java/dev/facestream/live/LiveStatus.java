package dev.facestream.live;

import dev.facestream.producer.FrameSources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the page shows beside the video: the figures, and notices that say in words what state
 * the pipeline is in, so that a blank or frozen picture always comes with its reason.
 */
final class LiveStatus {
    /** Faces sent for this long without keypoints coming back means the detector is missing or stuck. */
    static final long NO_KEYPOINTS_NANOS = 3_000_000_000L;
    /** Frames processed for this long without a face: say so, rather than leave the user guessing. */
    static final long NO_FACE_NANOS = 1_000_000_000L;

    private LiveStatus() {
    }

    /** One notice: {@code level} is {@code error}, {@code warn} or {@code info}. */
    record Notice(String level, String text) {
    }

    /** The {@code state} object of {@code /next} and {@code /state}. */
    static Map<String, Object> of(LiveRun run) {
        LiveView.Figures f = run.view().figures();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("fps", round(f.fps()));
        figures.put("latency_ms", latency(f));
        figures.put("frames_read", run.framesRead());
        figures.put("frames_dropped", run.framesDropped());
        figures.put("frames_shown", f.framesShown());
        figures.put("faces_fresh", f.facesFresh());
        figures.put("faces_stale", f.facesStale());
        figures.put("keypoints_received", f.keypointsReceived());
        figures.put("keypoints_late", f.keypointsLate());
        figures.put("model_version", f.modelVersion());
        figures.put("device", f.device());

        Map<String, Object> state = new LinkedHashMap<>();
        state.put("stream", run.streamId());
        state.put("source", run.source());
        state.put("kafka", run.kafkaAddress());
        state.put("detector", run.external() ? "external" : "in-process");
        state.put("running", run.sourceCondition().phase() != LiveRun.Phase.STOPPED
                && run.sourceCondition().phase() != LiveRun.Phase.FAILED);
        state.put("figures", figures);
        state.put("notices", notices(run, f));
        return state;
    }

    private static Map<String, Object> latency(LiveView.Figures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("last", round(f.latencyLastMs()));
        m.put("p50", round(f.latencyP50Ms()));
        m.put("p99", round(f.latencyP99Ms()));
        m.put("max", round(f.latencyMaxMs()));
        m.put("samples", f.latencySamples());
        return m;
    }

    static List<Notice> notices(LiveRun run, LiveView.Figures f) {
        List<Notice> out = new ArrayList<>();
        LiveRun.Condition src = run.sourceCondition();
        String what = describe(run.source());
        switch (src.phase()) {
            case FAILED -> out.add(new Notice("error", src.message()));
            case STOPPED -> out.add(new Notice("info", "live has stopped"));
            case RETRYING -> out.add(new Notice("error", (src.message().startsWith(what) ? "" : what + ": ")
                    + src.message() + " (trying again every " + LiveRun.RETRY_MILLIS / 1000 + " s)"));
            case ENDED -> out.add(new Notice("info", what + " ended after " + run.framesBeforeEnd()
                    + " frames (--loop plays it again)"));
            default -> {
            }
        }
        LiveRun.Condition kafka = run.kafkaCondition();
        if (kafka.phase() == LiveRun.Phase.STARTING) {
            out.add(new Notice("info", kafka.message() != null ? kafka.message() : "connecting to Kafka"));
        } else if (kafka.phase() == LiveRun.Phase.RETRYING) {
            out.add(new Notice("error", kafka.message() + "; video and keypoints resume when it answers"));
        }
        LiveRun.Condition det = run.detectorCondition();
        if (det != null && det.phase() == LiveRun.Phase.STARTING) {
            out.add(new Notice("info", det.message()));
        } else if (det != null && det.phase() == LiveRun.Phase.FAILED) {
            out.add(new Notice("error", det.message() + "; video continues without keypoints"));
        }
        boolean running = src.phase() == LiveRun.Phase.RUNNING;
        if (running && f.nanosSinceCrops() >= 0 && f.nanosSinceCrops() < NO_KEYPOINTS_NANOS
                && (f.nanosSinceKeypoints() < 0 || f.nanosSinceKeypoints() > NO_KEYPOINTS_NANOS)
                && (det == null || det.phase() == LiveRun.Phase.RUNNING)) {
            String since = f.nanosSinceKeypoints() < 0 ? "yet"
                    : String.format(Locale.ROOT, "for %.0f s", f.nanosSinceKeypoints() / 1e9);
            out.add(new Notice("warn", "no keypoints " + since + " although faces are being sent: "
                    + (run.external() ? "is a detector (facestream detect-stream) running on " + run.kafkaAddress()
                            + "?" : "the detector is behind or stuck")
                    + " Video continues without points."));
        }
        // the newest frame has no face, and none had one for a while: a folder of images at one
        // frame a second must not make the notice blink between frames
        if (running && f.nanosSinceFrame() >= 0 && !f.lastFrameHadFace()
                && (f.nanosSinceFace() < 0 || f.nanosSinceFace() > NO_FACE_NANOS)) {
            out.add(new Notice("info", "no face in view"));
        }
        if (running && f.framesShown() == 0 && f.nanosSinceFrame() < 0) {
            out.add(new Notice("info", "waiting for the first frame of " + what));
        }
        return out;
    }

    /** {@code camera 0}, {@code video clip.mp4}, for notices. */
    static String describe(String source) {
        if (FrameSources.isCameraIndex(source)) {
            return "camera " + source;
        }
        return "source " + source;
    }

    /** Figures rounded to 0.1 for the page; NaN (no samples yet) becomes null, which JSON can carry. */
    private static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : null;
    }
}
