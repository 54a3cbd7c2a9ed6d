package dev.facestream.core.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.core.keypoints.Keypoint;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The detector's answer for one face, the value of {@link Topics#KEYPOINTS}, as one JSON object:
 *
 * <pre>
 * {"stream":"cam0","frame":42,"captured_at":1735689600123456,"face":0,"track":3,
 *  "box":[x,y,w,h],"face_score":0.93,"confidence":0.97,
 *  "keypoints":{"left_eye_center":[x,y], ... 15 names from Keypoint.key() ...},
 *  "model_version":"2025-...","device":"cpu"}
 * </pre>
 *
 * All coordinates are frame pixels (pixel centres at integers); {@code captured_at} is
 * microseconds since the epoch, copied from the {@link FaceCropRecord} so consumers can join the
 * answer to their frame and measure end-to-end latency. A keypoint the model could not place
 * (a non-finite output) is {@code null}; every number in the JSON is finite, since the crop's box
 * and transform are checked when it is built or decoded ({@link FaceCropRecord}).
 *
 * <p>{@code face_score} is the face detector's score for the box; {@code confidence} is the
 * model's calibrated probability that the face's mean point error is under 10 % of its eye
 * distance ({@link CropKeypoints#confidence()}), {@code null} when the model has no confidence
 * head. Consumers that only trust good faces filter on it (docs/confidence.md).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"stream", "frame", "captured_at", "face", "track", "box", "face_score", "confidence", "keypoints",
        "model_version", "device"})
public record KeypointsRecord(
        @JsonProperty("stream") String stream,
        @JsonProperty("frame") long frame,
        @JsonProperty("captured_at") long capturedAtMicros,
        @JsonProperty("face") int face,
        @JsonProperty("track") long track,
        @JsonProperty("box") float[] box,
        @JsonProperty("face_score") Float faceScore,
        @JsonProperty("confidence") Double confidence,
        @JsonProperty("keypoints") Map<String, float[]> keypoints,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("device") String device) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The record for {@code crop} given the model's keypoints in its crop pixels: maps them back
     * onto the frame through the crop's transform.
     */
    public static KeypointsRecord of(FaceCropRecord crop, CropKeypoints found, String modelVersion, String device) {
        float[] xy = found.inFrame(crop.transform());
        Map<String, float[]> points = new LinkedHashMap<>();
        for (Keypoint k : Keypoint.all()) {
            int i = k.ordinal();
            // never NaN or Infinity in the JSON (Jackson would write them as strings inside a
            // numeric array): a point the network could not place finitely is null
            boolean finite = Float.isFinite(xy[2 * i]) && Float.isFinite(xy[2 * i + 1]);
            points.put(k.key(), finite ? new float[] {xy[2 * i], xy[2 * i + 1]} : null);
        }
        return new KeypointsRecord(crop.streamId(), crop.frame(), crop.capturedAtMicros(), crop.face(), crop.track(),
                new float[] {crop.box().x(), crop.box().y(), crop.box().width(), crop.box().height()},
                Float.isFinite(crop.box().score()) ? crop.box().score() : null,
                found.hasConfidence() ? found.confidence() : null, points, modelVersion, device);
    }

    /** Whether the face is at least {@code minimum} confident; a face without a confidence counts as confident. */
    public boolean confidentAtLeast(double minimum) {
        return confidence == null || confidence >= minimum;
    }

    /** The point called {@code k}, {@code [x, y]} in frame pixels, or null if absent. */
    public float[] point(Keypoint k) {
        return keypoints == null ? null : keypoints.get(k.key());
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise keypoints record", e);
        }
    }

    /**
     * Parses a keypoints record.
     *
     * @throws WireFormatException (BAD_MAGIC) when the bytes are not a keypoints JSON object
     */
    public static KeypointsRecord fromJson(byte[] json) {
        try {
            KeypointsRecord r = JSON.readValue(json, KeypointsRecord.class);
            if (r.stream() == null || r.keypoints() == null) {
                throw new WireFormatException(WireFormatException.Reason.INVALID,
                        "keypoints record lacks \"stream\" or \"keypoints\"");
            }
            return r;
        } catch (IOException e) {
            throw new WireFormatException(WireFormatException.Reason.BAD_MAGIC,
                    "not a keypoints JSON record: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }
}
