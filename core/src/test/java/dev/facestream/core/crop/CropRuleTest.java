package dev.facestream.core.crop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facestream.core.keypoints.Keypoint;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CropRuleTest {
    private static final FaceBox BOX = new FaceBox(140.5f, 88.25f, 151f, 198f, 0.9f);

    @Test
    void pointsRoundTripThroughTheCropWithinAHundredthOfAPixel() {
        Random rng = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            CropTransform t = CropRule.forBox(BOX, 0.8 + 0.4 * rng.nextDouble(), rng.nextGaussian() * 0.05,
                    rng.nextGaussian() * 0.05, rng.nextGaussian() * 0.3, rng.nextBoolean());
            float[] xy = new float[Keypoint.COORDINATES];
            for (int i = 0; i < xy.length; i++) {
                xy[i] = 100 + 250 * rng.nextFloat();
            }
            float[] back = t.keypointsToImage(t.keypointsToCrop(xy));
            for (int i = 0; i < xy.length; i++) {
                assertEquals(xy[i], back[i], 0.01, "trial " + trial + " coordinate " + i);
            }
        }
    }

    @Test
    void liveCropCentresTheBoxAtTheCalibratedScale() {
        CropTransform t = CropRule.forBox(BOX);
        double[] c = t.toCrop(BOX.centerX(), BOX.centerY() + CropRule.CENTER_SHIFT * BOX.height());
        assertEquals((CropRule.SIZE - 1) / 2.0, c[0], 1e-9);
        assertEquals((CropRule.SIZE - 1) / 2.0, c[1], 1e-9);
        assertEquals(CropRule.SIZE / (CropRule.SIDE_SCALE * BOX.height()), t.scale(), 1e-12);
    }

    @Test
    void mirroredCropSwapsLeftAndRightNames() {
        CropTransform plain = CropRule.forBox(BOX);
        CropTransform mirrored = CropRule.forBox(BOX, 1, 0, 0, 0, true);
        float[] xy = new float[Keypoint.COORDINATES];
        int l = Keypoint.LEFT_EYE_CENTER.ordinal();
        int r = Keypoint.RIGHT_EYE_CENTER.ordinal();
        xy[2 * l] = 250;
        xy[2 * l + 1] = 150;
        xy[2 * r] = 180;
        xy[2 * r + 1] = 152;
        float[] a = plain.keypointsToCrop(xy);
        float[] b = mirrored.keypointsToCrop(xy);
        // in the mirrored crop the subject's left eye is the one on the image's larger x again
        assertEquals(CropRule.SIZE - 1 - a[2 * r], b[2 * l], 1e-4);
        assertEquals(a[2 * r + 1], b[2 * l + 1], 1e-4);
    }

    @Test
    void cropSamplesTheImageWhereTheTransformPoints() {
        // a horizontal gradient: pixel value = x
        int w = 256;
        int h = 200;
        byte[] px = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (byte) x;
            }
        }
        GrayImage image = new GrayImage(w, h, px);
        FaceBox box = new FaceBox(80, 60, 96, 96, 1f);
        CropTransform t = CropRule.forBox(box);
        GrayImage crop = CropRule.crop(image, t);
        assertEquals(CropRule.SIZE, crop.width());
        for (int u : new int[] {0, 30, 60, 95}) {
            double expectedX = t.toImage(u, 48)[0];
            assertEquals(expectedX, crop.get(u, 48), 1.0, "column " + u);
        }
    }
}
