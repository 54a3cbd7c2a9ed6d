package dev.facestream.core.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code facestream detect}'s JSONL: an image and its faces, or why it could not be
 * read (then {@code faces} is absent; otherwise {@code error} is):
 *
 * <pre>
 * {"image":"a.png","faces":[{"box":[x,y,w,h],"score":s,"confidence":c,"keypoints":{"left_eye_center":[x,y], ...}}]}
 * {"image":"b.png","error":"..."}
 * </pre>
 *
 * Coordinates are image pixels. {@code score} is the face detector's; {@code confidence} the
 * model's (as in {@link KeypointsRecord}), {@code null} for a model without a confidence head.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"image", "faces", "error"})
public record ImageKeypointsRecord(@JsonProperty("image") String image, @JsonProperty("faces") List<Face> faces,
        @JsonProperty("error") String error) {

    /** A face: detector box and score, keypoints by {@code Keypoint.key()} in keypoint order. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"box", "score", "confidence", "keypoints"})
    public record Face(@JsonProperty("box") double[] box, @JsonProperty("score") double score,
            @JsonProperty("confidence") Double confidence, @JsonProperty("keypoints") Map<String, double[]> keypoints) {
    }

    public static ImageKeypointsRecord of(String image, List<Face> faces) {
        return new ImageKeypointsRecord(image, List.copyOf(faces), null);
    }

    public static ImageKeypointsRecord failed(String image, String error) {
        return new ImageKeypointsRecord(image, null, error);
    }
}
