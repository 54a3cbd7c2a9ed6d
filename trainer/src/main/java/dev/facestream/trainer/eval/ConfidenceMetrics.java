package dev.facestream.trainer.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How well a per-face score tells the faces whose points are wrong from the rest. A face is
 * <em>wrong</em> when its mean point error is at least {@link #WRONG_EYE_FRACTION} of its eye
 * distance (the definition); a good score is high for right faces and low for wrong ones.
 *
 * <ul>
 *   <li>AUROC: the probability that a random right face scores above a random wrong one (ties
 *       count half); 0.5 is chance.</li>
 *   <li>Spearman's rank correlation between score and relative error: negative is good.</li>
 *   <li>Calibration in deciles of the score: mean score against the observed share of right
 *       faces, for a score that claims to be a probability.</li>
 * </ul>
 */
public final class ConfidenceMetrics {
    /** A face is wrong at or above this mean point error, as a fraction of its eye distance. */
    public static final double WRONG_EYE_FRACTION = 0.10;

    private final List<double[]> faces = new ArrayList<>();

    /** One face: its score, and its mean point error over its eye distance. */
    public void add(double score, double relativeError) {
        if (Double.isFinite(score) && Double.isFinite(relativeError)) {
            faces.add(new double[] {score, relativeError});
        }
    }

    public int size() {
        return faces.size();
    }

    /** One decile of the score: its range, mean score, and the share of right faces in it. */
    public record Decile(@JsonProperty("faces") int faces, @JsonProperty("score_min") double scoreMin,
            @JsonProperty("score_max") double scoreMax, @JsonProperty("mean_score") double meanScore,
            @JsonProperty("observed_right") double observedRight) {
    }

    /** The figures of one score. */
    public record Summary(@JsonProperty("faces") int faces, @JsonProperty("wrong_faces") int wrongFaces,
            @JsonProperty("auroc_wrong") double auroc, @JsonProperty("spearman_vs_error") double spearman,
            @JsonProperty("deciles") List<Decile> deciles) {
    }

    public Summary summary() {
        double[] score = faces.stream().mapToDouble(f -> f[0]).toArray();
        double[] error = faces.stream().mapToDouble(f -> f[1]).toArray();
        boolean[] right = new boolean[error.length];
        int wrong = 0;
        for (int i = 0; i < error.length; i++) {
            right[i] = error[i] < WRONG_EYE_FRACTION;
            wrong += right[i] ? 0 : 1;
        }
        return new Summary(faces.size(), wrong, auroc(score, right), spearman(score, error), deciles(score, right));
    }

    /** P(score of a random positive > score of a random negative), ties half; NaN without both kinds. */
    static double auroc(double[] score, boolean[] positive) {
        double[] r = ranks(score);
        double rankSum = 0;
        long pos = 0;
        for (int i = 0; i < score.length; i++) {
            if (positive[i]) {
                rankSum += r[i];
                pos++;
            }
        }
        long neg = score.length - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        // Mann-Whitney U from the positives' rank sum (ranks from 1, ties averaged)
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    static double spearman(double[] a, double[] b) {
        if (a.length < 2) {
            return Double.NaN;
        }
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0);
        double mb = Arrays.stream(rb).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    /** Ranks from 1, ties given their mean rank. */
    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = mean;
            }
            i = j + 1;
        }
        return r;
    }

    private static List<Decile> deciles(double[] score, boolean[] right) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < score.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        List<Decile> out = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            int from = d * score.length / 10;
            int to = (d + 1) * score.length / 10;
            if (to <= from) {
                continue;
            }
            double sum = 0;
            int ok = 0;
            for (int k = from; k < to; k++) {
                sum += score[order[k]];
                ok += right[order[k]] ? 1 : 0;
            }
            out.add(new Decile(to - from, score[order[from]], score[order[to - 1]], sum / (to - from),
                    (double) ok / (to - from)));
        }
        return out;
    }
}
