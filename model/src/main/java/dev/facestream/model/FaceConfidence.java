package dev.facestream.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.keypoints.Landmarks68;

/**
 * How a confidence-head network's output becomes a face's {@code confidence}: the calibrated
 * probability that the face's mean point error is under {@code wrongEyeFraction} of its eye
 * distance. Two signals from the one forward pass, each relative to the predicted eye distance
 * (so a face drawn small in its crop is not trusted more), enter a logistic function by their
 * logs:
 * <ul>
 *   <li>the <em>scale</em>: the mean of the head's 15 predicted point errors (it predicts the log
 *       of each served point's expected L1 error, an exponential/Laplace scale; see
 *       {@link KeypointNetwork});</li>
 *   <li>the <em>disagreement</em>: how far the 15 served points lie from the same 15 read off the
 *       network's 68 points ({@link Landmarks68#toKaggle15}); the two outputs were trained to agree,
 *       so they part where the network is unsure.</li>
 * </ul>
 * The coefficients are fitted on persons the head never saw (docs/confidence.md).
 *
 * @param wrongEyeFraction  a face is wrong at or above this mean error over eye distance
 * @param intercept         logistic intercept
 * @param scaleSlope        slope on ln(relative scale)
 * @param disagreementSlope slope on ln(relative disagreement)
 */
public record FaceConfidence(@JsonProperty("wrong_eye_fraction") double wrongEyeFraction,
        @JsonProperty("intercept") double intercept, @JsonProperty("scale_slope") double scaleSlope,
        @JsonProperty("disagreement_slope") double disagreementSlope) {

    /** Below this eye distance (crop pixels) the ratios are taken over this instead: no division by ~0. */
    static final double MIN_EYE_DISTANCE = 4;
    /** Floor of both signals (as fractions of the eye distance), so that their logs stay finite. */
    static final double MIN_SIGNAL = 1e-4;

    /** The logistic function's inputs for one face: ln(relative scale), ln(relative disagreement). */
    public record Signals(double logScale, double logDisagreement) {
        public boolean finite() {
            return Double.isFinite(logScale) && Double.isFinite(logDisagreement);
        }
    }

    /** P(right) for a face with {@code signals}; NaN if they are not finite. */
    public double probability(Signals signals) {
        if (!signals.finite()) {
            return Double.NaN;
        }
        return 1 / (1 + Math.exp(-(intercept + scaleSlope * signals.logScale()
                + disagreementSlope * signals.logDisagreement())));
    }

    /**
     * The signals of one face from a confidence-head network's output row.
     *
     * @param row      the network's output; the face's values start at {@code from}: 30 coordinates,
     *                 136 of the 68 points, 15 log scales (output units)
     */
    public static Signals signals(float[] row, int from) {
        float[] crop = new float[Keypoint.COORDINATES];
        for (int j = 0; j < crop.length; j++) {
            crop[j] = Preprocessing.toCropCoordinate(row[from + j]);
        }
        float[] xy68 = new float[KeypointNetwork.LANDMARKS68_VALUES];
        for (int j = 0; j < xy68.length; j++) {
            xy68[j] = Preprocessing.toCropCoordinate(row[from + Keypoint.COORDINATES + j]);
        }
        float[] from68 = Landmarks68.toKaggle15(xy68);
        int scales = from + Keypoint.COORDINATES + KeypointNetwork.LANDMARKS68_VALUES;
        double scaleSum = 0;
        double disagreementSum = 0;
        for (int k = 0; k < Keypoint.COUNT; k++) {
            scaleSum += Math.exp(row[scales + k]) * Preprocessing.HALF;
            disagreementSum += Math.hypot(crop[2 * k] - from68[2 * k], crop[2 * k + 1] - from68[2 * k + 1]);
        }
        double over = eyeDistance(crop);
        return new Signals(Math.log(Math.max(MIN_SIGNAL, scaleSum / Keypoint.COUNT / over)),
                Math.log(Math.max(MIN_SIGNAL, disagreementSum / Keypoint.COUNT / over)));
    }

    /**
     * The eye distance the signals are relative to: that of the 15 served points (crop pixels,
     * {@link Keypoint} order), floored at {@link #MIN_EYE_DISTANCE}.
     */
    public static double eyeDistance(float[] cropXy) {
        int l = 2 * Keypoint.LEFT_EYE_CENTER.ordinal();
        int r = 2 * Keypoint.RIGHT_EYE_CENTER.ordinal();
        double eye = Math.hypot(cropXy[l] - cropXy[r], cropXy[l + 1] - cropXy[r + 1]);
        return Math.max(MIN_EYE_DISTANCE, Double.isFinite(eye) ? eye : MIN_EYE_DISTANCE);
    }
}
