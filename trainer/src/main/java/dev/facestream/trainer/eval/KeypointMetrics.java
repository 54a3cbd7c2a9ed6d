package dev.facestream.trainer.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.facestream.core.keypoints.Keypoint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates keypoint errors. Every face's errors are rescaled so its true eye centres are
 * {@value #EYE_DISTANCE} px apart, the eye distance of Kaggle's 96x96 crops; then
 * <ul>
 * <li>Kaggle-equivalent RMSE = sqrt(mean over every labelled coordinate of error^2), as Kaggle's
 *     leaderboard;</li>
 * <li>NME = mean Euclidean point error / eye-centre distance, in percent;</li>
 * <li>I2DL score = 1 / (2 * MSE) with coordinates scaled so 48 px = 1.</li>
 * </ul>
 */
public final class KeypointMetrics {
    public static final double EYE_DISTANCE = 36.0;
    public static final double I2DL_UNIT = 48.0;

    private final double[] sumSq = new double[Keypoint.COORDINATES];
    private final long[] count = new long[Keypoint.COORDINATES];
    private double nmeSum;
    private long nmePoints;
    private long faces;

    /**
     * Adds one face.
     *
     * @param predicted 30 predicted coordinates, image pixels
     * @param truth     30 true coordinates, image pixels, NaN where unlabelled; both eye centres
     *                  must be labelled (they set the scale)
     */
    public void add(float[] predicted, float[] truth) {
        double ed = Math.hypot(truth[0] - truth[2], truth[1] - truth[3]);
        if (!(ed > 0)) {
            throw new IllegalArgumentException("both eye centres must be labelled and apart to scale the errors");
        }
        double scale = EYE_DISTANCE / ed;
        faces++;
        for (int k = 0; k < Keypoint.COUNT; k++) {
            if (Float.isNaN(truth[2 * k]) || Float.isNaN(truth[2 * k + 1])) {
                continue;
            }
            double dx = (predicted[2 * k] - truth[2 * k]) * scale;
            double dy = (predicted[2 * k + 1] - truth[2 * k + 1]) * scale;
            sumSq[2 * k] += dx * dx;
            sumSq[2 * k + 1] += dy * dy;
            count[2 * k]++;
            count[2 * k + 1]++;
            nmeSum += Math.hypot(dx, dy) / EYE_DISTANCE;
            nmePoints++;
        }
    }

    public long faces() {
        return faces;
    }

    public double mse() {
        double s = 0;
        long n = 0;
        for (int i = 0; i < sumSq.length; i++) {
            s += sumSq[i];
            n += count[i];
        }
        return n == 0 ? Double.NaN : s / n;
    }

    public double rmse() {
        return Math.sqrt(mse());
    }

    public double nmePercent() {
        return nmePoints == 0 ? Double.NaN : 100 * nmeSum / nmePoints;
    }

    public double i2dlScore() {
        return 1.0 / (2.0 * mse() / (I2DL_UNIT * I2DL_UNIT));
    }

    /** RMSE of each keypoint over its x and y, in Kaggle-equivalent pixels. */
    public Map<String, Double> perKeypointRmse() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Keypoint k : Keypoint.values()) {
            long n = count[2 * k.ordinal()] + count[2 * k.ordinal() + 1];
            m.put(k.key(), n == 0 ? Double.NaN : Math.sqrt((sumSq[2 * k.ordinal()] + sumSq[2 * k.ordinal() + 1]) / n));
        }
        return m;
    }

    /** The figures as a JSON-ready record. */
    public Summary summary() {
        return new Summary(faces, rmse(), nmePercent(), i2dlScore(), perKeypointRmse());
    }

    public record Summary(
            @JsonProperty("faces") long faces,
            @JsonProperty("kaggle_rmse_px") double kaggleRmsePx,
            @JsonProperty("nme_percent") double nmePercent,
            @JsonProperty("i2dl_score") double i2dlScore,
            @JsonProperty("per_keypoint_rmse_px") Map<String, Double> perKeypointRmsePx) {
    }
    /** Mean Euclidean point error over the labelled points, over the labelled eye distance; NaN if either is missing. */
    public static double relativeError(float[] predicted, float[] label) {
        int l = 2 * Keypoint.LEFT_EYE_CENTER.ordinal();
        int r = 2 * Keypoint.RIGHT_EYE_CENTER.ordinal();
        double eye = Math.hypot(label[l] - label[r], label[l + 1] - label[r + 1]);
        double sum = 0;
        int n = 0;
        for (int k = 0; k < Keypoint.COUNT; k++) {
            float lx = label[2 * k];
            float ly = label[2 * k + 1];
            if (!Float.isNaN(lx) && !Float.isNaN(ly)) {
                sum += Math.hypot(predicted[2 * k] - lx, predicted[2 * k + 1] - ly);
                n++;
            }
        }
        return n == 0 || !(eye > 0) ? Double.NaN : sum / n / eye;
    }

}
