package dev.facestream.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code metadata.json} of a model directory: everything needed to serve the weights correctly
 * and to know where they came from. Serving refuses a model whose crop rule or architecture it
 * does not implement.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelMetadata(
        @JsonProperty("format") int format,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("parameters") long parameters,
        @JsonProperty("keypoints") List<String> keypoints,
        @JsonProperty("input_size") int inputSize,
        @JsonProperty("normalization") Normalization normalization,
        @JsonProperty("output") String output,
        @JsonProperty("crop_rule") String cropRule,
        @JsonProperty("data_fingerprint") String dataFingerprint,
        @JsonProperty("hyperparameters") Map<String, Object> hyperparameters,
        @JsonProperty("metrics") Map<String, Object> metrics,
        @JsonProperty("training") Map<String, Object> training,
        @JsonProperty("command") String command,
        @JsonProperty("inference") Inference inference) {

    public static final int FORMAT = 1;

    /** How pixels become network input; see {@link Preprocessing}. */
    public record Normalization(
            @JsonProperty("pixel_scale") float pixelScale,
            @JsonProperty("mean") float mean,
            @JsonProperty("std") float std,
            @JsonProperty("histogram_equalization") boolean histogramEqualization) {
    }

    /**
     * How the weights are served beyond the normalisation. Absent in models made before it existed,
     * which read as {@link Inference#PLAIN}.
     *
     * @param testTimeFlip average the answers for the crop and its mirror image (see
     *                     {@link KeypointTranslator}); doubles the work per face
     * @param confidence   how a confidence-head network's scales become a face's confidence, or
     *                     null (no head, or not calibrated): then every face's confidence is NaN
     */
    public record Inference(@JsonProperty("test_time_flip") boolean testTimeFlip,
            @JsonProperty("confidence") FaceConfidence confidence) {
        public static final Inference PLAIN = new Inference(false);

        public Inference(boolean testTimeFlip) {
            this(testTimeFlip, null);
        }
    }

    /** The inference settings, {@link Inference#PLAIN} when the file has none. */
    public Inference inferenceOrPlain() {
        return inference == null ? Inference.PLAIN : inference;
    }

    public Preprocessing preprocessing() {
        return new Preprocessing(normalization.histogramEqualization());
    }

    /**
     * The 30 values (crop pixels) the trainer added to mirrored crops' labels
     * ({@code hyperparameters.augmentation.mirrorOffset}, written by {@code train --mirror-offset-from}),
     * or null when it added none. A test-time flip takes them off the mirrored answer.
     */
    public float[] mirrorOffset() {
        if (hyperparameters == null || !(hyperparameters.get("augmentation") instanceof Map<?, ?> augmentation)
                || !(augmentation.get("mirrorOffset") instanceof List<?> values)) {
            return null;
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(values.get(i) instanceof Number v)) {
                throw new IllegalArgumentException("model " + modelVersion + ": mirrorOffset value " + i + " is "
                        + values.get(i) + ", not a number");
            }
            out[i] = v.floatValue();
        }
        return out;
    }
}
