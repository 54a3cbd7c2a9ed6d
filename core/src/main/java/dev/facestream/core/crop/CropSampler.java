package dev.facestream.core.crop;

/**
 * Samples a crop out of an image. Bilinear interpolation aliases when the face is shrunk by more
 * than 2x (a 400 px face into 96 px), so the image is first halved with a box filter until the
 * remaining scale is at most 2x. Pixels outside the image repeat the nearest edge pixel.
 *
 * <p>Only the part of the image the crop reads is halved: the producer crops every face of every
 * frame, and halving a whole 854x480 frame for one face took most of its time per frame. The
 * result is the same, byte for byte, as halving the whole image ({@code CropSamplerTest}).
 */
final class CropSampler {
    private CropSampler() {
    }

    /**
     * A rectangle {@code [x0, x0+w) x [y0, y0+h)} of one pyramid level whose full size is
     * {@code fullW x fullH}; pixels outside it are never read.
     */
    private record Region(int fullW, int fullH, int x0, int y0, int w, int h, byte[] px) {
        int get(int x, int y) {
            return px[(y - y0) * w + (x - x0)] & 0xff;
        }
    }

    static byte[] sample(GrayImage image, CropTransform t) {
        // pyramid levels: how many halvings, and the full size of each level
        int levels = 0;
        int[] fullW = new int[32];
        int[] fullH = new int[32];
        fullW[0] = image.width();
        fullH[0] = image.height();
        double level = 1.0;
        while (t.scale() * level < 0.5 && fullW[levels] >= 4 && fullH[levels] >= 4) {
            fullW[levels + 1] = Math.max(1, fullW[levels] / 2);
            fullH[levels + 1] = Math.max(1, fullH[levels] / 2);
            levels++;
            level *= 2.0;
        }
        int n = t.size();
        int w = fullW[levels];
        int h = fullH[levels];

        // the pixels bilinear reads at the last level: the crop's four corners bound them (the
        // transform is affine, clamping and flooring are monotone)
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = Integer.MIN_VALUE;
        int maxY = Integer.MIN_VALUE;
        for (int corner = 0; corner < 4; corner++) {
            double[] p = t.toImage((corner & 1) * (n - 1), (corner >> 1) * (n - 1));
            double x = clamp((p[0] + 0.5) / level - 0.5, w - 1);
            double y = clamp((p[1] + 0.5) / level - 0.5, h - 1);
            minX = Math.min(minX, (int) x);
            minY = Math.min(minY, (int) y);
            maxX = Math.max(maxX, Math.min((int) x + 1, w - 1));
            maxY = Math.max(maxY, Math.min((int) y + 1, h - 1));
        }
        // one pixel of slack against rounding in the corner arithmetic
        minX = Math.max(0, minX - 1);
        minY = Math.max(0, minY - 1);
        maxX = Math.min(w - 1, maxX + 1);
        maxY = Math.min(h - 1, maxY + 1);

        // the same rectangle on each finer level, back up to the image (a level pixel x reads
        // pixels 2x and 2x+1 of the level above, clamped to its edge)
        int[][] rect = new int[levels + 1][];
        rect[levels] = new int[] {minX, minY, maxX, maxY};
        for (int l = levels; l > 0; l--) {
            int[] r = rect[l];
            rect[l - 1] = new int[] {Math.min(2 * r[0], fullW[l - 1] - 1), Math.min(2 * r[1], fullH[l - 1] - 1),
                    Math.min(2 * r[2] + 1, fullW[l - 1] - 1), Math.min(2 * r[3] + 1, fullH[l - 1] - 1)};
        }
        Region src = new Region(image.width(), image.height(), 0, 0, image.width(), image.height(), image.pixels());
        for (int l = 1; l <= levels; l++) {
            src = halved(src, fullW[l], fullH[l], rect[l]);
        }

        byte[] out = new byte[n * n];
        double a = t.a();
        double b = t.b();
        double det = a * a + b * b;
        for (int v = 0; v < n; v++) {
            for (int u = 0; u < n; u++) {
                // CropTransform.toImage, inlined: no array per pixel
                double uu = t.mirror() ? (n - 1) - u : u;
                double du = uu - t.tx();
                double dv = v - t.ty();
                double px = (a * du + b * dv) / det;
                double py = (-b * du + a * dv) / det;
                // pyramid level: pixel i of src covers original pixels [2^l*i, 2^l*(i+1))
                double x = (px + 0.5) / level - 0.5;
                double y = (py + 0.5) / level - 0.5;
                out[v * n + u] = (byte) Math.round(bilinear(src, x, y));
            }
        }
        return out;
    }

    private static double clamp(double v, int max) {
        return Math.min(Math.max(v, 0), max);
    }

    /** The given rectangle of the next pyramid level: each pixel the mean of a 2x2 block. */
    private static Region halved(Region src, int w, int h, int[] r) {
        int rw = r[2] - r[0] + 1;
        int rh = r[3] - r[1] + 1;
        byte[] out = new byte[rw * rh];
        for (int y = r[1]; y <= r[3]; y++) {
            int y0 = Math.min(2 * y, src.fullH() - 1);
            int y1 = Math.min(2 * y + 1, src.fullH() - 1);
            for (int x = r[0]; x <= r[2]; x++) {
                int x0 = Math.min(2 * x, src.fullW() - 1);
                int x1 = Math.min(2 * x + 1, src.fullW() - 1);
                int s = src.get(x0, y0) + src.get(x1, y0) + src.get(x0, y1) + src.get(x1, y1);
                out[(y - r[1]) * rw + (x - r[0])] = (byte) ((s + 2) >> 2);
            }
        }
        return new Region(w, h, r[0], r[1], rw, rh, out);
    }

    private static double bilinear(Region src, double x, double y) {
        x = clamp(x, src.fullW() - 1);
        y = clamp(y, src.fullH() - 1);
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(x0 + 1, src.fullW() - 1);
        int y1 = Math.min(y0 + 1, src.fullH() - 1);
        double fx = x - x0;
        double fy = y - y0;
        double top = src.get(x0, y0) * (1 - fx) + src.get(x1, y0) * fx;
        double bottom = src.get(x0, y1) * (1 - fx) + src.get(x1, y1) * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
