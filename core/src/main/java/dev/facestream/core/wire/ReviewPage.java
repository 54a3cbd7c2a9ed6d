package dev.facestream.core.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The JSON of the review page ({@code facestream review}, docs/review.md): {@code GET /next}
 * answers a {@link Next} (the face to review, or none yet, and the progress); {@code POST /answer}
 * takes an {@link Answer} and answers the next {@link Next}.
 */
public final class ReviewPage {
    /** What the user did with a face. */
    public static final String SAVE = "save";
    public static final String NOT_A_FACE = "not-a-face";
    public static final String SKIP = "skip";
    public static final List<String> ACTIONS = List.of(SAVE, NOT_A_FACE, SKIP);

    private ReviewPage() {
    }

    /** The answer of {@code /next} and {@code /answer}: the face to review (null while the queue is empty), the progress. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"face", "progress", "error"})
    public record Next(@JsonProperty("face") Face face, @JsonProperty("progress") Progress progress,
            @JsonProperty("error") String error) {
    }

    /**
     * One queued face. {@code partition} and {@code offset} say which record it is; the answer
     * names them back, so an answer from a stale tab cannot label another face.
     *
     * @param pixels    the {@code side} x {@code side} gray crop, row-major, base64
     * @param keypoints the model's points in crop pixels, {@code [[x, y], ...]} in {@code keys} order
     * @param confidence the model's confidence, null when unknown
     */
    @JsonPropertyOrder({"partition", "offset", "stream", "frame", "track", "face", "captured_at", "confidence",
            "detector_score", "model_version", "reason", "side", "pixels", "keys", "keypoints"})
    public record Face(@JsonProperty("partition") int partition, @JsonProperty("offset") long offset,
            @JsonProperty("stream") String stream, @JsonProperty("frame") long frame,
            @JsonProperty("track") long track, @JsonProperty("face") int face,
            @JsonProperty("captured_at") long capturedAtMicros, @JsonProperty("confidence") Double confidence,
            @JsonProperty("detector_score") float detectorScore, @JsonProperty("model_version") String modelVersion,
            @JsonProperty("reason") String reason, @JsonProperty("side") int side,
            @JsonProperty("pixels") String pixels, @JsonProperty("keys") List<String> keys,
            @JsonProperty("keypoints") float[][] keypoints) {
    }

    /** What this labelled folder holds and what is left in the topic. */
    @JsonPropertyOrder({"saved", "negatives", "skipped", "unreadable", "remaining", "folder"})
    public record Progress(@JsonProperty("saved") long saved, @JsonProperty("negatives") long negatives,
            @JsonProperty("skipped") long skipped, @JsonProperty("unreadable") long unreadable,
            @JsonProperty("remaining") long remaining, @JsonProperty("folder") String folder) {
    }

    /**
     * The body of {@code POST /answer}.
     *
     * @param keypoints with {@link #SAVE}: the 30 corrected crop coordinates ({@code x0, y0, ...}); else ignored
     */
    public record Answer(@JsonProperty("partition") int partition, @JsonProperty("offset") long offset,
            @JsonProperty("action") String action, @JsonProperty("keypoints") float[] keypoints) {
    }
}
