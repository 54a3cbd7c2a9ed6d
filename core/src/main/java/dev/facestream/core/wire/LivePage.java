package dev.facestream.core.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The JSON the live page ({@code facestream live}) reads from its server: the answer of
 * {@code /next} (a frame, if one came, and the state) and of {@code /state} (the state alone).
 * Figures not known yet (no samples) are {@code null}.
 */
public final class LivePage {
    private LivePage() {
    }

    /** The answer of {@code /next}: the newest sequence number, the frame after the one asked for (or null), the state. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"seq", "frame", "state"})
    public record Next(@JsonProperty("seq") long seq, @JsonProperty("frame") Frame frame,
            @JsonProperty("state") State state) {
    }

    /** The answer of {@code /state}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"seq", "state"})
    public record StateReply(@JsonProperty("seq") long seq, @JsonProperty("state") State state) {
    }

    /** A frame released for display; {@code jpeg} is written as base64. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"seq", "number", "captured_at", "width", "height", "jpeg", "delay_ms", "faces"})
    public record Frame(@JsonProperty("seq") long seq, @JsonProperty("number") long number,
            @JsonProperty("captured_at") long capturedAtMicros, @JsonProperty("width") int width,
            @JsonProperty("height") int height, @JsonProperty("jpeg") byte[] jpeg,
            @JsonProperty("delay_ms") double delayMs, @JsonProperty("faces") List<Face> faces) {
    }

    /**
     * A face of a frame: its box, its points (null when none are known yet), whether they are an
     * older frame's, their confidence (null when the model has none) and whether it is under the
     * page's low-confidence threshold ({@code live --low-confidence}).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"face", "track", "box", "keypoints", "stale", "keypoints_frame", "confidence", "low_confidence"})
    public record Face(@JsonProperty("face") int face, @JsonProperty("track") long track,
            @JsonProperty("box") float[] box, @JsonProperty("keypoints") Map<String, float[]> keypoints,
            @JsonProperty("stale") boolean stale, @JsonProperty("keypoints_frame") long keypointsFrame,
            @JsonProperty("confidence") Double confidence, @JsonProperty("low_confidence") boolean lowConfidence) {
    }

    /** What the page shows beside the video. {@code detector} is {@code in-process} or {@code external}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"stream", "source", "kafka", "detector", "running", "figures", "notices"})
    public record State(@JsonProperty("stream") String stream, @JsonProperty("source") String source,
            @JsonProperty("kafka") String kafka, @JsonProperty("detector") String detector,
            @JsonProperty("running") boolean running, @JsonProperty("figures") Figures figures,
            @JsonProperty("notices") List<Notice> notices) {
    }

    /** The figures of the run so far. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"fps", "latency_ms", "frames_read", "frames_dropped", "frames_shown", "faces_fresh",
            "faces_stale", "keypoints_received", "keypoints_late", "model_version", "device"})
    public record Figures(@JsonProperty("fps") Double fps, @JsonProperty("latency_ms") Latency latencyMs,
            @JsonProperty("frames_read") long framesRead, @JsonProperty("frames_dropped") long framesDropped,
            @JsonProperty("frames_shown") long framesShown, @JsonProperty("faces_fresh") long facesFresh,
            @JsonProperty("faces_stale") long facesStale, @JsonProperty("keypoints_received") long keypointsReceived,
            @JsonProperty("keypoints_late") long keypointsLate, @JsonProperty("model_version") String modelVersion,
            @JsonProperty("device") String device) {
    }

    /** Capture-to-shown latency in milliseconds. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"last", "p50", "p99", "max", "samples"})
    public record Latency(@JsonProperty("last") Double last, @JsonProperty("p50") Double p50,
            @JsonProperty("p99") Double p99, @JsonProperty("max") Double max, @JsonProperty("samples") long samples) {
    }

    /** One notice: {@code level} is {@code error}, {@code warn} or {@code info}. */
    @JsonPropertyOrder({"level", "text"})
    public record Notice(@JsonProperty("level") String level, @JsonProperty("text") String text) {
    }

    /**
     * A keypoint group as the page draws it: its name for the legend, its colour ({@code #rrggbb})
     * and the keypoints ({@code Keypoint.key()}) in it.
     */
    @JsonPropertyOrder({"name", "colour", "keypoints"})
    public record Group(@JsonProperty("name") String name, @JsonProperty("colour") String colour,
            @JsonProperty("keypoints") List<String> keypoints) {
    }

    /** Every keypoint group in {@link dev.facestream.core.keypoints.KeypointGroup} order: what the pages (live, review) colour by. */
    public static List<Group> keypointGroups() {
        return java.util.Arrays.stream(dev.facestream.core.keypoints.KeypointGroup.values())
                .map(g -> new Group(g.label(), g.hex(),
                        g.keypoints().stream().map(dev.facestream.core.keypoints.Keypoint::key).toList()))
                .toList();
    }
}
