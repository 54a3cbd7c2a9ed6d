package dev.facestream.core.crop;

/**
 * Samples a crop out of an image. Bilinear interpolation aliases when the face is shrunk by more
 * than 2x (a 400 px face into 96 px), so the image is first halved with a box filter until the
 * remaining scale is at most 2x. Pixels outside the image repeat the nearest edge pixel.
 */
final class CropSampler {
    private CropSampler() {
    }

    static byte[] sample(GrayImage image, CropTransform t) {
        GrayImage src = image;
        double level = 1.0;
        while (t.scale() * level < 0.5 && src.width() >= 4 && src.height() >= 4) {
            src = src.halved();
            level *= 2.0;
        }
        int n = t.size();
        byte[] out = new byte[n * n];
        int w = src.width();
        int h = src.height();
        byte[] px = src.pixels();
        for (int v = 0; v < n; v++) {
            for (int u = 0; u < n; u++) {
                double[] p = t.toImage(u, v);
                // pyramid level: pixel i of src covers original pixels [2^l*i, 2^l*(i+1))
                double x = (p[0] + 0.5) / level - 0.5;
                double y = (p[1] + 0.5) / level - 0.5;
                out[v * n + u] = (byte) Math.round(bilinear(px, w, h, x, y));
            }
        }
        return out;
    }

    private static double bilinear(byte[] px, int w, int h, double x, double y) {
        x = Math.min(Math.max(x, 0), w - 1);
        y = Math.min(Math.max(y, 0), h - 1);
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(x0 + 1, w - 1);
        int y1 = Math.min(y0 + 1, h - 1);
        double fx = x - x0;
        double fy = y - y0;
        double top = (px[y0 * w + x0] & 0xff) * (1 - fx) + (px[y0 * w + x1] & 0xff) * fx;
        double bottom = (px[y1 * w + x0] & 0xff) * (1 - fx) + (px[y1 * w + x1] & 0xff) * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
