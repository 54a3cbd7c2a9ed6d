package dev.facestream.trainer.confidence;

import dev.facestream.core.keypoints.Keypoint;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;

/**
 * The confidence head's 15 rows, fitted on frozen features: {@code s_k = w_k . f + b_k} predicts
 * the log of point k's expected L1 error {@code e_k}, minimising the exponential negative
 * log-likelihood {@code e_k exp(-s_k) + s_k} (its minimum over {@code s_k} is at
 * {@code s_k = ln e_k}), plus weight decay. Plain Java Adam over mini-batches: 256 inputs and 15
 * outputs need no engine.
 *
 * @param weights 15 x {@link #FEATURES}, row-major (the output layer's layout)
 * @param bias    15
 */
record LaplaceHead(float[] weights, float[] bias, double firstLoss, double lastLoss) {
    /** The output layer's input width (the dense layer before it). */
    static final int FEATURES = 256;
    private static final int K = Keypoint.COUNT;
    private static final int BATCH = 256;
    /** Errors are floored here (output units, about 0.05 crop pixels) so that ln e stays finite. */
    private static final float MIN_ERROR = 1e-3f;

    static LaplaceHead fit(float[] x, float[] error, float[] mask, int n, ConfidenceFit.Settings s, PrintStream log) {
        double[] w = new double[K * FEATURES];
        double[] b = new double[K];
        // start every row at the mean log error of its point: the first loss is then the baseline
        // a constant scale per point would reach
        for (int k = 0; k < K; k++) {
            double sum = 0;
            double count = 0;
            for (int i = 0; i < n; i++) {
                sum += mask[i * K + k] * Math.log(Math.max(MIN_ERROR, error[i * K + k]));
                count += mask[i * K + k];
            }
            b[k] = count == 0 ? 0 : sum / count;
        }
        double[] mw = new double[w.length];
        double[] vw = new double[w.length];
        double[] mb = new double[K];
        double[] vb = new double[K];
        double beta1 = 0.9;
        double beta2 = 0.999;
        long step = 0;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rng = new Random(s.seed());
        double first = Double.NaN;
        double last = Double.NaN;
        double[] gw = new double[w.length];
        double[] gb = new double[K];
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            shuffle(order, rng);
            double lossSum = 0;
            double weightSum = 0;
            for (int from = 0; from < n; from += BATCH) {
                int to = Math.min(n, from + BATCH);
                java.util.Arrays.fill(gw, 0);
                java.util.Arrays.fill(gb, 0);
                double batchWeight = 0;
                for (int j = from; j < to; j++) {
                    int i = order[j];
                    int fx = i * FEATURES;
                    for (int k = 0; k < K; k++) {
                        float m = mask[i * K + k];
                        if (m == 0) {
                            continue;
                        }
                        double sk = b[k];
                        int row = k * FEATURES;
                        for (int f = 0; f < FEATURES; f++) {
                            sk += w[row + f] * x[fx + f];
                        }
                        double e = Math.max(MIN_ERROR, error[i * K + k]);
                        double ratio = e * Math.exp(-sk);
                        lossSum += m * (ratio + sk);
                        weightSum += m;
                        batchWeight += m;
                        double g = m * (1 - ratio);
                        gb[k] += g;
                        for (int f = 0; f < FEATURES; f++) {
                            gw[row + f] += g * x[fx + f];
                        }
                    }
                }
                if (batchWeight == 0) {
                    continue;
                }
                step++;
                double lr = s.learningRate() * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
                for (int p = 0; p < w.length; p++) {
                    double g = gw[p] / batchWeight + s.l2() * w[p];
                    mw[p] = beta1 * mw[p] + (1 - beta1) * g;
                    vw[p] = beta2 * vw[p] + (1 - beta2) * g * g;
                    w[p] -= lr * mw[p] / (Math.sqrt(vw[p]) + 1e-8);
                }
                for (int k = 0; k < K; k++) {
                    double g = gb[k] / batchWeight;
                    mb[k] = beta1 * mb[k] + (1 - beta1) * g;
                    vb[k] = beta2 * vb[k] + (1 - beta2) * g * g;
                    b[k] -= lr * mb[k] / (Math.sqrt(vb[k]) + 1e-8);
                }
            }
            double loss = lossSum / Math.max(1, weightSum);
            if (epoch == 0) {
                first = loss;
            }
            last = loss;
        }
        log.printf(Locale.ROOT, "confidence head: exponential NLL %.4f after the first epoch, %.4f after %d%n", first,
                last, s.epochs());
        float[] wf = new float[w.length];
        for (int p = 0; p < w.length; p++) {
            wf[p] = (float) w[p];
        }
        float[] bf = new float[K];
        for (int k = 0; k < K; k++) {
            bf[k] = (float) b[k];
        }
        return new LaplaceHead(wf, bf, first, last);
    }

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
