package dev.facestream.registry;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.model.KeypointModel;
import java.util.List;

/**
 * The probe: one crop stored with a published model, and the model's answer for it written into
 * its metadata at publish time. A detector that loads the model runs the crop again and serves the
 * model only if it gets the same answer: weights that loaded into the wrong layers, a different
 * preprocessing or a broken engine all show here before a single face is answered.
 *
 * <p>The answer is compared in the network's own output scale (a coordinate in [-1, 1], one unit
 * being half the crop side, {@link CropRule#SIZE} / 2 pixels), within {@link #TOLERANCE}: loose
 * enough for another thread count, batch size or CPU to order its sums differently, tight enough
 * that any real difference in the weights shows (docs/models.md).
 */
public final class ProbeCrop {
    /** The largest allowed difference per coordinate, in the network's output scale. */
    public static final double TOLERANCE = 1e-3;

    private ProbeCrop() {
    }

    /**
     * The standard probe crop: a fixed, smooth pattern with detail at several scales (so that
     * every layer sees non-trivial input), the same in every build.
     */
    public static GrayImage standard() {
        int n = CropRule.SIZE;
        byte[] px = new byte[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double dx = (x - n / 2.0) / n;
                double dy = (y - n / 2.0) / n;
                double v = 128 + 70 * Math.cos(9 * dx) * Math.cos(7 * dy) - 90 * Math.exp(-40 * (dx * dx + dy * dy))
                        + 25 * Math.sin(0.9 * x + 0.4 * y);
                px[y * n + x] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
            }
        }
        return new GrayImage(n, n, px);
    }

    /** The crop from a record's probe section. */
    public static GrayImage of(byte[] pixels) {
        return new GrayImage(CropRule.SIZE, CropRule.SIZE, pixels);
    }

    /** The model's answer for {@code crop}, in crop pixels, as it serves (its metadata's inference settings). */
    public static float[] run(KeypointModel model, GrayImage crop) throws TranslateException {
        try (Predictor<List<GrayImage>, List<CropKeypoints>> p = model.newPredictor()) {
            return p.predict(List.of(crop)).get(0).xy();
        }
    }

    /**
     * The largest difference between two answers in the network's output scale; infinity when
     * they are not both {@link Keypoint#COORDINATES} finite values.
     */
    public static double difference(float[] expected, float[] actual) {
        if (expected == null || actual == null || expected.length != Keypoint.COORDINATES
                || actual.length != Keypoint.COORDINATES) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]) / (CropRule.SIZE / 2.0);
            if (!(d <= Double.MAX_VALUE)) {
                return Double.POSITIVE_INFINITY;
            }
            max = Math.max(max, d);
        }
        return max;
    }
}
