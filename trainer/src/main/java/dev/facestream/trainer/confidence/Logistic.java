package dev.facestream.trainer.confidence;

import dev.facestream.model.FaceConfidence;
import dev.facestream.trainer.eval.ConfidenceMetrics;
import java.util.List;

/**
 * Logistic regression of "right" on a face's two signals by Newton's method, with a weak ridge on
 * the slopes so that a fold where the classes separate perfectly still ends with finite
 * coefficients.
 */
final class Logistic {
    private static final double RIDGE = 1e-3;

    private Logistic() {
    }

    /**
     * P(right | s) = sigmoid(a + b1 s.logScale + b2 s.logDisagreement), fitted to {@code right};
     * without {@code disagreement}, b2 stays 0 (the scale alone).
     */
    static FaceConfidence fit(List<FaceConfidence.Signals> signals, List<Boolean> right, boolean disagreement) {
        int n = signals.size();
        if (n == 0) {
            throw new IllegalArgumentException("no faces to calibrate the confidence on");
        }
        int d = disagreement ? 3 : 2;
        double[] beta = new double[3];
        for (int iter = 0; iter < 100; iter++) {
            double[] g = new double[3];
            double[][] h = new double[3][3];
            for (int j = 1; j < 3; j++) {
                g[j] -= RIDGE * beta[j];
                h[j][j] += RIDGE;
            }
            h[0][0] += 1e-9;
            for (int i = 0; i < n; i++) {
                double[] x = {1, signals.get(i).logScale(), disagreement ? signals.get(i).logDisagreement() : 0};
                double z = beta[0] * x[0] + beta[1] * x[1] + beta[2] * x[2];
                double p = 1 / (1 + Math.exp(-z));
                double y = right.get(i) ? 1 : 0;
                for (int a = 0; a < 3; a++) {
                    g[a] += (y - p) * x[a];
                    for (int b = 0; b < 3; b++) {
                        h[a][b] += p * (1 - p) * x[a] * x[b];
                    }
                }
            }
            double[] step = solve(h, g, d);
            if (step == null) {
                break;
            }
            double size = 0;
            for (int a = 0; a < d; a++) {
                beta[a] += step[a];
                size += Math.abs(step[a]);
            }
            if (size < 1e-10) {
                break;
            }
        }
        return new FaceConfidence(ConfidenceMetrics.WRONG_EYE_FRACTION, beta[0], beta[1], beta[2]);
    }

    /** Solves {@code h x = g} by Gaussian elimination with partial pivoting; null if singular. */
    private static double[] solve(double[][] h, double[] g, int n) {
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(h[i], 0, a[i], 0, n);
            a[i][n] = g[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][c]) < 1e-12) {
                return null;
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k <= n; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a[i][n] / a[i][i];
        }
        return x;
    }
}
