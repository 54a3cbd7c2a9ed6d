package dev.facestream.core.crop;

/**
 * A similarity transform from original-image pixels to crop pixels,
 * {@code crop = [a -b; b a] * image + [tx; ty]}, with pixel centres at integer coordinates
 * (OpenCV's convention). It carries scale and rotation, so the trainer's jitter (rotation, scale,
 * shift, mirror) and the live crop are the same kind of object; {@link #inverse} maps the
 * network's crop coordinates back to the image.
 *
 * @param a      scale * cos(angle)
 * @param b      scale * sin(angle)
 * @param tx     x translation
 * @param ty     y translation
 * @param mirror whether the crop is mirrored horizontally after the similarity (x -> size-1-x)
 * @param size   side of the square crop in pixels
 */
public record CropTransform(double a, double b, double tx, double ty, boolean mirror, int size) {

    /** Crop coordinates of an image point. */
    public double[] toCrop(double x, double y) {
        double u = a * x - b * y + tx;
        double v = b * x + a * y + ty;
        if (mirror) {
            u = (size - 1) - u;
        }
        return new double[] {u, v};
    }

    /** Image coordinates of a crop point. */
    public double[] toImage(double u, double v) {
        if (mirror) {
            u = (size - 1) - u;
        }
        double du = u - tx;
        double dv = v - ty;
        double det = a * a + b * b;
        return new double[] {(a * du + b * dv) / det, (-b * du + a * dv) / det};
    }

    /** Scale from image pixels to crop pixels. */
    public double scale() {
        return Math.hypot(a, b);
    }

    /**
     * Maps 30 keypoint coordinates (NaN = missing) from the image into the crop. When the crop is
     * mirrored, left/right names swap too (see {@link dev.facestream.core.keypoints.KeypointFlip}).
     */
    public float[] keypointsToCrop(float[] xy) {
        return mapKeypoints(xy, true);
    }

    /**
     * Maps x, y pairs from the image into the crop point by point, with no left/right renaming: for
     * point sets whose mirror has no partner table here (the 68 points), so only for crops that are
     * not mirrored.
     */
    public float[] pointsToCrop(float[] xy) {
        if (mirror) {
            throw new IllegalStateException("pointsToCrop keeps point names, which a mirrored crop would swap");
        }
        float[] out = new float[xy.length];
        for (int k = 0; k < xy.length / 2; k++) {
            double[] p = toCrop(xy[2 * k], xy[2 * k + 1]);
            out[2 * k] = (float) p[0];
            out[2 * k + 1] = (float) p[1];
        }
        return out;
    }

    /** Maps 30 crop coordinates back to image pixels, undoing any left/right swap. */
    public float[] keypointsToImage(float[] uv) {
        return mapKeypoints(uv, false);
    }

    private float[] mapKeypoints(float[] in, boolean toCrop) {
        float[] out = new float[in.length];
        for (int k = 0; k < in.length / 2; k++) {
            double[] p = toCrop ? toCrop(in[2 * k], in[2 * k + 1]) : toImage(in[2 * k], in[2 * k + 1]);
            int dst = mirror ? dev.facestream.core.keypoints.KeypointFlip.partner(k) : k;
            out[2 * dst] = (float) p[0];
            out[2 * dst + 1] = (float) p[1];
        }
        return out;
    }
}
