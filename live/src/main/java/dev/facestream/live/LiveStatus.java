package dev.facestream.live;

import dev.facestream.core.wire.LivePage;
import dev.facestream.producer.FrameSources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    /** The {@code state} object of {@code /next} and {@code /state}. */
    static LivePage.State of(LiveRun run) {
        LiveView.Figures f = run.view().figures();
        LivePage.Figures figures = new LivePage.Figures(round(f.fps()), new LivePage.Latency(round(f.latencyLastMs()),
                round(f.latencyP50Ms()), round(f.latencyP99Ms()), round(f.latencyMaxMs()), f.latencySamples()),
                run.framesRead(), run.framesDropped(), f.framesShown(), f.facesFresh(), f.facesStale(),
                f.keypointsReceived(), f.keypointsLate(), f.modelVersion(), f.device());
        return new LivePage.State(run.streamId(), run.source(), run.kafkaAddress(),
                run.external() ? "external" : "in-process",
                run.sourceCondition().phase() != LiveRun.Phase.STOPPED
                        && run.sourceCondition().phase() != LiveRun.Phase.FAILED,
                figures, notices(run, f));
    }

    static List<LivePage.Notice> notices(LiveRun run, LiveView.Figures f) {
        List<LivePage.Notice> out = new ArrayList<>();
        LiveRun.Condition src = run.sourceCondition();
        String what = describe(run.source());
        switch (src.phase()) {
            case FAILED -> out.add(new LivePage.Notice("error", src.message()));
            case STOPPED -> out.add(new LivePage.Notice("info", "live has stopped"));
            case RETRYING -> out.add(new LivePage.Notice("error", (src.message().startsWith(what) ? "" : what + ": ")
                    + src.message() + " (trying again every " + LiveRun.RETRY_MILLIS / 1000 + " s)"));
            case ENDED -> out.add(new LivePage.Notice("info", what + " ended after " + run.framesBeforeEnd()
                    + " frames (--loop plays it again)"));
            default -> {
            }
        }
        LiveRun.Condition kafka = run.kafkaCondition();
        if (kafka.phase() == LiveRun.Phase.STARTING) {
            out.add(new LivePage.Notice("info", kafka.message() != null ? kafka.message() : "connecting to Kafka"));
        } else if (kafka.phase() == LiveRun.Phase.RETRYING) {
            out.add(new LivePage.Notice("error", kafka.message() + "; video and keypoints resume when it answers"));
        }
        LiveRun.Condition det = run.detectorCondition();
        if (det != null && det.phase() == LiveRun.Phase.STARTING) {
            out.add(new LivePage.Notice("info", det.message()));
        } else if (det != null && det.phase() == LiveRun.Phase.FAILED) {
            out.add(new LivePage.Notice("error", det.message() + "; video continues without keypoints"));
        }
        boolean running = src.phase() == LiveRun.Phase.RUNNING;
        if (running && f.nanosSinceCrops() >= 0 && f.nanosSinceCrops() < NO_KEYPOINTS_NANOS
                && (f.nanosSinceKeypoints() < 0 || f.nanosSinceKeypoints() > NO_KEYPOINTS_NANOS)
                && (det == null || det.phase() == LiveRun.Phase.RUNNING)) {
            String since = f.nanosSinceKeypoints() < 0 ? "yet"
                    : String.format(Locale.ROOT, "for %.0f s", f.nanosSinceKeypoints() / 1e9);
            out.add(new LivePage.Notice("warn", "no keypoints " + since + " although faces are being sent: "
                    + (run.external() ? "is a detector (facestream detect-stream) running on " + run.kafkaAddress()
                            + "?" : "the detector is behind or stuck")
                    + " Video continues without points."));
        }
        // the newest frame has no face, and none had one for a while: a folder of images at one
        // frame a second must not make the notice blink between frames
        if (running && f.nanosSinceFrame() >= 0 && !f.lastFrameHadFace()
                && (f.nanosSinceFace() < 0 || f.nanosSinceFace() > NO_FACE_NANOS)) {
            out.add(new LivePage.Notice("info", "no face in view"));
        }
        if (running && f.framesShown() == 0 && f.nanosSinceFrame() < 0) {
            out.add(new LivePage.Notice("info", "waiting for the first frame of " + what));
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
