package dev.facestream.trainer.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The confidence a model gives crops marked "not a face": none of them has right points, so every
 * one is a wrong face, and the lower their confidence the better. Reported as how many, the share
 * under 0.5 (what {@code live --low-confidence}'s default marks) and the median.
 */
public final class NegativeConfidence {
    /** The threshold the share is counted under: the default of {@code --low-confidence}. */
    public static final double LOW = 0.5;

    private final List<Double> confidences = new ArrayList<>();

    /** One crop's confidence; NaN (a model without a confidence head) is not counted. */
    public void add(double confidence) {
        if (Double.isFinite(confidence)) {
            confidences.add(confidence);
        }
    }

    /**
     * @param crops      negatives scored
     * @param shareBelow share of them with confidence under {@link #LOW}; NaN without any
     * @param median     their median confidence; NaN without any
     */
    public record Summary(@JsonProperty("negatives") int crops,
            @JsonProperty("share_below_0_5") double shareBelow, @JsonProperty("median_confidence") double median) {
        /** One line for the printed summaries of fit-confidence, train and evaluate. */
        public String describe() {
            return crops == 0 ? "no negatives scored" : String.format(Locale.ROOT,
                    "%d negatives: %.1f%% under %.1f, median confidence %.3f", crops, 100 * shareBelow, LOW, median);
        }
    }

    public Summary summary() {
        double[] sorted = confidences.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN);
        }
        long below = confidences.stream().filter(c -> c < LOW).count();
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Summary(n, (double) below / n, median);
    }
}
