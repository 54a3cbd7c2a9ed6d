package dev.facestream.trainer.train;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import java.util.Random;

/**
 * Random training crops: the live crop rule with jitter of scale, position and rotation, a
 * mirror that swaps left/right keypoints, then brightness, contrast, gamma, blur and noise.
 * Geometry goes through {@link CropRule}, so an un-jittered sample is exactly the live crop.
 */
public record Augmentation(double scale, double shift, double rotationDegrees, double flipProbability,
        double brightness, double contrast, double gamma, double blurProbability, double noiseSigma) {

    public static Augmentation defaults() {
        return new Augmentation(0.10, 0.05, 12, 0.5, 0.15, 0.25, 0.3, 0.15, 6);
    }

    /** The same with another probability of a mirrored crop. */
    public Augmentation withFlip(double probability) {
        return new Augmentation(scale, shift, rotationDegrees, probability, brightness, contrast, gamma,
                blurProbability, noiseSigma);
    }

    public static Augmentation none() {
        return new Augmentation(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** A crop and its keypoints in crop pixels. */
    public record Sample(GrayImage crop, float[] keypoints) {
    }

    public Sample sample(GrayImage image, FaceBox box, float[] keypoints, Random rng) {
        double s = 1 + uniform(rng, scale);
        double dx = uniform(rng, shift);
        double dy = uniform(rng, shift);
        double angle = Math.toRadians(uniform(rng, rotationDegrees));
        boolean mirror = rng.nextDouble() < flipProbability;
        CropTransform t = CropRule.forBox(box, s, dx, dy, angle, mirror);
        GrayImage crop = CropRule.crop(image, t);
        return new Sample(photometric(crop, rng), t.keypointsToCrop(keypoints));
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
