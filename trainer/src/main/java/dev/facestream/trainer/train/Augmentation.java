package dev.facestream.trainer.train;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.trainer.degrade.Degradation;
import java.util.Random;

/**
 * Random training crops: the live crop rule with jitter of scale, position and rotation, a
 * mirror that swaps left/right keypoints, then brightness, contrast, gamma, blur and noise, and
 * optionally a camera's degradation (JPEG, motion blur, a dim scene) and an occluding rectangle (cutout: DeVries and Taylor 2017,
 * https://arxiv.org/abs/1708.04552) over part of the face, its labels kept, so that the network
 * learns to place a point from the rest of the face when a hand, a microphone or glasses' glare
 * hides it. Geometry goes through {@link CropRule}, so an un-jittered sample is exactly the live crop.
 *
 * <p>Mirrored labels and the labellers' offset: a mirrored crop's label is right only if the
 * labels are mirror-symmetric, and the shared data's are not (docs/training.md). With
 * {@code mirrorOffset} (30 values in crop pixels, see {@link MirrorOffset}) a mirrored crop is
 * labelled {@code mirror(label) + offset}, which equals {@code mirror(label - o) + o} for the
 * labellers' per-point offset {@code o}: the mirrored face gets the labels the labellers would have
 * given it.
 *
 * @param mirrorOffset added to the mirrored crop's 30 keypoint coordinates, or null for none
 * @param occlusionProbability the share of crops that get an occluding rectangle
 * @param degradeProbability the share of crops that get a random {@link Degradation} (JPEG, motion
 *        blur or low light), last, after the photometric jitter and the occlusion
 */
public record Augmentation(double scale, double shift, double rotationDegrees, double flipProbability,
        double brightness, double contrast, double gamma, double blurProbability, double noiseSigma,
        float[] mirrorOffset, double occlusionProbability, double degradeProbability) {

    /** The occluding rectangle's sides, as fractions of the crop's: from the least to the most. */
    static final double OCCLUSION_MIN_SIDE = 0.15;
    static final double OCCLUSION_MAX_SIDE = 0.4;

    public static Augmentation defaults() {
        return new Augmentation(0.10, 0.05, 12, 0.5, 0.15, 0.25, 0.3, 0.15, 6, null, 0, 0);
    }

    /** The same with another probability of a mirrored crop. */
    public Augmentation withFlip(double probability) {
        return toBuilder().flipProbability(probability).build();
    }

    /** The same with the scale, shift and rotation ranges scaled by {@code factor}. */
    public Augmentation withGeometry(double factor) {
        return toBuilder().scale(scale * factor).shift(shift * factor).rotationDegrees(rotationDegrees * factor).build();
    }

    /** The same with the brightness, contrast and gamma ranges scaled by {@code factor}. */
    public Augmentation withPhotometric(double factor) {
        return toBuilder().brightness(brightness * factor).contrast(contrast * factor).gamma(gamma * factor).build();
    }

    /** The same with mirrored crops labelled {@code mirror(label) + offset} (30 crop-pixel values). */
    public Augmentation withMirrorOffset(float[] offset) {
        return toBuilder().mirrorOffset(offset).build();
    }

    /** The same with a share {@code probability} of crops partly occluded. */
    public Augmentation withOcclusion(double probability) {
        return toBuilder().occlusionProbability(probability).build();
    }

    /** The same with a share {@code probability} of crops degraded by a random {@link Degradation}. */
    public Augmentation withDegradation(double probability) {
        return toBuilder().degradeProbability(probability).build();
    }

    /** A builder holding this augmentation's fields, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds an {@link Augmentation} field by field; each setter names the record component it sets. */
    public static final class Builder {
        private double scale;
        private double shift;
        private double rotationDegrees;
        private double flipProbability;
        private double brightness;
        private double contrast;
        private double gamma;
        private double blurProbability;
        private double noiseSigma;
        private float[] mirrorOffset;
        private double occlusionProbability;
        private double degradeProbability;

        private Builder(Augmentation a) {
            scale = a.scale;
            shift = a.shift;
            rotationDegrees = a.rotationDegrees;
            flipProbability = a.flipProbability;
            brightness = a.brightness;
            contrast = a.contrast;
            gamma = a.gamma;
            blurProbability = a.blurProbability;
            noiseSigma = a.noiseSigma;
            mirrorOffset = a.mirrorOffset;
            occlusionProbability = a.occlusionProbability;
            degradeProbability = a.degradeProbability;
        }

        public Builder scale(double v) {
            scale = v;
            return this;
        }

        public Builder shift(double v) {
            shift = v;
            return this;
        }

        public Builder rotationDegrees(double v) {
            rotationDegrees = v;
            return this;
        }

        public Builder flipProbability(double v) {
            flipProbability = v;
            return this;
        }

        public Builder brightness(double v) {
            brightness = v;
            return this;
        }

        public Builder contrast(double v) {
            contrast = v;
            return this;
        }

        public Builder gamma(double v) {
            gamma = v;
            return this;
        }

        public Builder blurProbability(double v) {
            blurProbability = v;
            return this;
        }

        public Builder noiseSigma(double v) {
            noiseSigma = v;
            return this;
        }

        public Builder mirrorOffset(float[] v) {
            mirrorOffset = v;
            return this;
        }

        public Builder occlusionProbability(double v) {
            occlusionProbability = v;
            return this;
        }

        public Builder degradeProbability(double v) {
            degradeProbability = v;
            return this;
        }

        public Augmentation build() {
            return new Augmentation(scale, shift, rotationDegrees, flipProbability, brightness, contrast, gamma,
                    blurProbability, noiseSigma, mirrorOffset, occlusionProbability, degradeProbability);
        }
    }

    public static Augmentation none() {
        return new Augmentation(0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0);
    }

    /**
     * A crop and its labels in crop pixels: the 30 keypoint coordinates, and the 68 points (136
     * values) where the face has them and the crop is not mirrored, else null.
     */
    public record Sample(GrayImage crop, float[] keypoints, float[] landmarks68) {
    }

    public Sample sample(GrayImage image, FaceBox box, float[] keypoints, Random rng) {
        return sample(image, box, keypoints, null, rng);
    }

    public Sample sample(GrayImage image, FaceBox box, float[] keypoints, float[] landmarks68, Random rng) {
        double s = 1 + uniform(rng, scale);
        double dx = uniform(rng, shift);
        double dy = uniform(rng, shift);
        double angle = Math.toRadians(uniform(rng, rotationDegrees));
        boolean mirror = rng.nextDouble() < flipProbability;
        CropTransform t = CropRule.forBox(box, s, dx, dy, angle, mirror);
        GrayImage crop = CropRule.crop(image, t);
        float[] cropKeypoints = t.keypointsToCrop(keypoints);
        if (mirror && mirrorOffset != null) {
            for (int i = 0; i < cropKeypoints.length; i++) {
                cropKeypoints[i] += mirrorOffset[i];
            }
        }
        // the 68 points have no offset estimate for mirrored crops: those crops teach the 15 only
        float[] cropLandmarks = landmarks68 == null || mirror ? null : t.pointsToCrop(landmarks68);
        GrayImage out = photometric(crop, rng);
        // drawn last and only when asked: runs without occlusion draw the same numbers as before
        if (occlusionProbability > 0 && rng.nextDouble() < occlusionProbability) {
            out = occlude(out, rng);
        }
        if (degradeProbability > 0 && rng.nextDouble() < degradeProbability) {
            out = Degradation.random(rng).apply(out, rng);
        }
        return new Sample(out, cropKeypoints, cropLandmarks);
    }

    /** A rectangle of random size, place and flat gray level over {@code crop}. */
    static GrayImage occlude(GrayImage crop, Random rng) {
        int w = crop.width();
        int h = crop.height();
        int rw = (int) Math.round(w * (OCCLUSION_MIN_SIDE + rng.nextDouble() * (OCCLUSION_MAX_SIDE - OCCLUSION_MIN_SIDE)));
        int rh = (int) Math.round(h * (OCCLUSION_MIN_SIDE + rng.nextDouble() * (OCCLUSION_MAX_SIDE - OCCLUSION_MIN_SIDE)));
        int x0 = rng.nextInt(w - rw + 1);
        int y0 = rng.nextInt(h - rh + 1);
        byte level = (byte) rng.nextInt(256);
        byte[] px = crop.pixels().clone();
        for (int y = y0; y < y0 + rh; y++) {
            java.util.Arrays.fill(px, y * w + x0, y * w + x0 + rw, level);
        }
        return new GrayImage(w, h, px);
    }

    private GrayImage photometric(GrayImage crop, Random rng) {
        byte[] px = crop.pixels();
        int n = px.length;
        double b = uniform(rng, brightness);
        double c = 1 + uniform(rng, contrast);
        double g = Math.exp(uniform(rng, gamma));
        double sigma = noiseSigma > 0 && rng.nextDouble() < 0.3 ? rng.nextDouble() * noiseSigma : 0;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (px[i] & 0xff) / 255f;
        }
        if (rng.nextDouble() < blurProbability) {
            v = boxBlur3(v, crop.width());
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            double x = Math.pow(v[i], g);
            x = (x - 0.5) * c + 0.5 + b;
            if (sigma > 0) {
                x += rng.nextGaussian() * sigma / 255.0;
            }
            out[i] = (byte) Math.round(255 * Math.min(1, Math.max(0, x)));
        }
        return new GrayImage(crop.width(), crop.height(), out);
    }

    private static float[] boxBlur3(float[] v, int w) {
        int h = v.length / w;
        float[] out = new float[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                int k = 0;
                for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
                    for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                        s += v[yy * w + xx];
                        k++;
                    }
                }
                out[y * w + x] = s / k;
            }
        }
        return out;
    }

    private static double uniform(Random rng, double range) {
        return range == 0 ? 0 : (rng.nextDouble() * 2 - 1) * range;
    }
}
