package dev.facestream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Occlusion covers one flat rectangle of the crop's size range, keeps the labels, and is off by default. */
class OcclusionTest {
    private static GrayImage ramp(int w, int h) {
        byte[] px = new byte[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i % 251);
        }
        return new GrayImage(w, h, px);
    }

    @Test
    void coversOneFlatRectangleOfTheSizeRange() {
        GrayImage crop = ramp(CropRule.SIZE, CropRule.SIZE);
        Random rng = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            GrayImage out = Augmentation.occlude(crop, rng);
            int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1, changed = 0;
            for (int y = 0; y < out.height(); y++) {
                for (int x = 0; x < out.width(); x++) {
                    if (out.pixels()[y * out.width() + x] != crop.pixels()[y * crop.width() + x]) {
                        changed++;
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                    }
                }
            }
            int w = maxX - minX + 1;
            int h = maxY - minY + 1;
            // every pixel of the bounding box is the one level (a ramp pixel may equal it by chance)
            byte level = out.pixels()[minY * out.width() + minX];
            for (int y = minY; y <= maxY; y++) {
                for (int x = minX; x <= maxX; x++) {
                    assertEquals(level, out.pixels()[y * out.width() + x], "flat at " + x + "," + y);
                }
            }
            assertTrue(changed <= w * h);
            int side = CropRule.SIZE;
            assertTrue(w <= Math.round(side * Augmentation.OCCLUSION_MAX_SIDE) && h <= Math.round(side
                    * Augmentation.OCCLUSION_MAX_SIDE), w + "x" + h);
            assertTrue(w >= Math.round(side * Augmentation.OCCLUSION_MIN_SIDE) - 2
                    && h >= Math.round(side * Augmentation.OCCLUSION_MIN_SIDE) - 2, w + "x" + h);
        }
    }

    @Test
    void keepsTheLabelsAndIsOffUnlessAsked() {
        GrayImage image = ramp(200, 200);
        FaceBox box = new FaceBox(50, 50, 100, 100, 1f);
        float[] labels = new float[30];
        for (int j = 0; j < labels.length; j++) {
            labels[j] = 80 + j;
        }
        Augmentation.Sample plain = Augmentation.none().sample(image, box, labels, new Random(3));
        Augmentation.Sample occluded = Augmentation.none().withOcclusion(1).sample(image, box, labels, new Random(3));
        assertArrayEquals(plain.keypoints(), occluded.keypoints(), "the points stay where they are");
        assertTrue(!java.util.Arrays.equals(plain.crop().pixels(), occluded.crop().pixels()), "occluded");
        assertEquals(0, Augmentation.defaults().occlusionProbability(), "off by default");
        Augmentation.Sample again = Augmentation.none().sample(image, box, labels, new Random(3));
        assertArrayEquals(plain.crop().pixels(), again.crop().pixels());
    }
}
