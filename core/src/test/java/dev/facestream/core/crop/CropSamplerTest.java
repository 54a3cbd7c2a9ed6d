package dev.facestream.core.crop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CropSamplerTest {
    /**
     * The sampler as first written, halving the whole image ({@link #halved}, formerly
     * GrayImage.halved): slow, plainly right, and what the shipped models were trained on. The
     * sampler must give the same bytes.
     */
    private static byte[] wholeImageReference(GrayImage image, CropTransform t) {
        GrayImage src = image;
        double level = 1.0;
        while (t.scale() * level < 0.5 && src.width() >= 4 && src.height() >= 4) {
            src = halved(src);
            level *= 2.0;
        }
        int n = t.size();
        byte[] out = new byte[n * n];
        for (int v = 0; v < n; v++) {
            for (int u = 0; u < n; u++) {
                double[] p = t.toImage(u, v);
                double x = Math.min(Math.max((p[0] + 0.5) / level - 0.5, 0), src.width() - 1);
                double y = Math.min(Math.max((p[1] + 0.5) / level - 0.5, 0), src.height() - 1);
                int x0 = (int) x;
                int y0 = (int) y;
                int x1 = Math.min(x0 + 1, src.width() - 1);
                int y1 = Math.min(y0 + 1, src.height() - 1);
                double fx = x - x0;
                double fy = y - y0;
                double top = src.get(x0, y0) * (1 - fx) + src.get(x1, y0) * fx;
                double bottom = src.get(x0, y1) * (1 - fx) + src.get(x1, y1) * fx;
                out[v * n + u] = (byte) Math.round(top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    /** Half-size image, each pixel the mean of a 2x2 block (a box-filter pyramid level). */
    private static GrayImage halved(GrayImage src) {
        int width = src.width();
        int height = src.height();
        int w = Math.max(1, width / 2);
        int h = Math.max(1, height / 2);
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int y0 = Math.min(2 * y, height - 1);
            int y1 = Math.min(2 * y + 1, height - 1);
            for (int x = 0; x < w; x++) {
                int x0 = Math.min(2 * x, width - 1);
                int x1 = Math.min(2 * x + 1, width - 1);
                int s = src.get(x0, y0) + src.get(x1, y0) + src.get(x0, y1) + src.get(x1, y1);
                out[y * w + x] = (byte) ((s + 2) >> 2);
            }
        }
        return new GrayImage(w, h, out);
    }

    private static GrayImage noise(Random r, int w, int h) {
        byte[] px = new byte[w * h];
        r.nextBytes(px);
        return new GrayImage(w, h, px);
    }

    @Test
    void halvingOnlyTheCropsRegionGivesTheSameBytesAsHalvingTheWholeImage() {
        Random r = new Random(42);
        int halvings = 0;
        int outside = 0;
        for (int i = 0; i < 400; i++) {
            // odd and even sizes, frames from thumbnail to 1080p
            GrayImage image = noise(r, 17 + r.nextInt(1900), 13 + r.nextInt(1060));
            // faces from 20 px (upsampled) to larger than the frame (three halvings)
            double faceSide = 20 + r.nextDouble() * 1.5 * Math.max(image.width(), image.height());
            double scale = CropRule.SIZE / faceSide;
            double angle = (r.nextDouble() - 0.5) * Math.PI / 2;
            // centre anywhere, partly or wholly outside the frame included
            double cx = (r.nextDouble() * 1.4 - 0.2) * image.width();
            double cy = (r.nextDouble() * 1.4 - 0.2) * image.height();
            double a = scale * Math.cos(angle);
            double b = scale * Math.sin(angle);
            double c = (CropRule.SIZE - 1) / 2.0;
            CropTransform t = new CropTransform(a, b, c - (a * cx - b * cy), c - (b * cx + a * cy), r.nextBoolean(),
                    CropRule.SIZE);
            assertArrayEquals(wholeImageReference(image, t), CropSampler.sample(image, t),
                    "crop " + i + ": " + t + " of a " + image.width() + "x" + image.height() + " image");
            if (scale < 0.5) {
                halvings++;
            }
            if (cx < 0 || cy < 0 || cx >= image.width() || cy >= image.height()) {
                outside++;
            }
        }
        assertTrue(halvings > 100 && outside > 20, "the cases cover halving (" + halvings + ") and faces centred "
                + "outside the frame (" + outside + ")");
    }
}
