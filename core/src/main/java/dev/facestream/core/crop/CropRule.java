package dev.facestream.core.crop;

/**
 * Face box -> square crop with margin -> {@value #SIZE}x{@value #SIZE} grayscale.
 *
 * <p>The square is centred on the box centre moved down by {@link #CENTER_SHIFT} box heights and
 * its side is {@link #SIDE_SCALE} times the box's larger side. Both constants were calibrated on
 * the YuNet boxes of the training faces so that, on average, the eye centres land 36 px apart
 * about 37 px from the top, as in Kaggle's 96x96 crops (see {@code docs/crop-rule.md}). Changing
 * them changes what the network sees: bump {@link #VERSION}, which models record in their
 * metadata, and retrain.
 */
public final class CropRule {
    public static final int SIZE = 96;
    public static final String VERSION = "crop-v1";
    public static final double SIDE_SCALE = 0.91;
    public static final double CENTER_SHIFT = -0.01;

    private CropRule() {
    }

    /** The live crop of a detected face: no jitter, no rotation. */
    public static CropTransform forBox(FaceBox box) {
        return forBox(box, 1.0, 0.0, 0.0, 0.0, false);
    }

    /**
     * The crop of a face box with jitter, as the trainer uses it.
     *
     * @param scale  multiplies the crop side (>1 shows more context, the face looks smaller)
     * @param shiftX shift of the crop centre in units of the crop side
     * @param shiftY shift of the crop centre in units of the crop side
     * @param angle  rotation of the face in the crop, radians
     * @param mirror mirror the crop horizontally
     */
    public static CropTransform forBox(FaceBox box, double scale, double shiftX, double shiftY, double angle,
            boolean mirror) {
        double side = SIDE_SCALE * Math.max(box.width(), box.height()) * scale;
        double cx = box.centerX() + shiftX * side;
        double cy = box.centerY() + CENTER_SHIFT * box.height() + shiftY * side;
        double s = SIZE / side;
        double a = s * Math.cos(angle);
        double b = s * Math.sin(angle);
        double c = (SIZE - 1) / 2.0;
        // crop = R*s*(p - centre) + c
        double tx = c - (a * cx - b * cy);
        double ty = c - (b * cx + a * cy);
        return new CropTransform(a, b, tx, ty, mirror, SIZE);
    }

    /** Cuts the crop out of {@code image}: a {@value #SIZE}x{@value #SIZE} gray image. */
    public static GrayImage crop(GrayImage image, CropTransform t) {
        return new GrayImage(t.size(), t.size(), CropSampler.sample(image, t));
    }
}
