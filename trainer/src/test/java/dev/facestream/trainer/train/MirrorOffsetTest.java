package dev.facestream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.keypoints.KeypointFlip;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MirrorOffsetTest {
    /** A per-point labellers' offset o, different for every point so a wrong partner swap shows. */
    private static final float[] O = new float[Keypoint.COORDINATES];

    static {
        for (int j = 0; j < O.length; j++) {
            O[j] = 0.1f * (j + 1) * (j % 3 == 0 ? -1 : 1);
        }
    }

    /** An image with one bright dot at (x, y). */
    private static GrayImage dot(int w, int h, int x, int y) {
        byte[] px = new byte[w * h];
        px[y * w + x] = (byte) 255;
        return new GrayImage(w, h, px);
    }

    /**
     * A "network" trained on labels T + o, where the truth T of every point is the dot: it answers
     * the brightest pixel's position plus o. Mirror-equivariant but for o, as the class comment says.
     */
    private static List<CropKeypoints> biasedModel(List<GrayImage> crops) {
        List<CropKeypoints> out = new ArrayList<>();
        for (int i = 0; i < crops.size(); i++) {
            GrayImage c = crops.get(i);
            int best = 0;
            for (int p = 0; p < c.pixels().length; p++) {
                if ((c.pixels()[p] & 0xff) > (c.pixels()[best] & 0xff)) {
                    best = p;
                }
            }
            float[] xy = new float[Keypoint.COORDINATES];
            for (int k = 0; k < Keypoint.COUNT; k++) {
                xy[2 * k] = best % c.width() + O[2 * k];
                xy[2 * k + 1] = best / c.width() + O[2 * k + 1];
            }
            out.add(CropKeypoints.withoutConfidence(xy));
        }
        return out;
    }

    @Test
    void measuresTheOffsetThatMakesMirroredLabelsRight() throws Exception {
        List<GrayImage> images = new ArrayList<>();
        List<FaceBox> boxes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            images.add(dot(200, 200, 80 + 7 * i, 90 + 3 * i));
            boxes.add(new FaceBox(50, 50, 100, 100, 1f));
        }
        float[] d = MirrorOffset.estimate(images, boxes, MirrorOffsetTest::biasedModel);
        for (int k = 0; k < Keypoint.COUNT; k++) {
            int p = KeypointFlip.partner(k);
            // d = o - M(o): x adds the partner's offset (mirroring negates x), y subtracts it
            assertEquals(O[2 * k] + O[2 * p], d[2 * k], 0.05, "x of " + Keypoint.values()[k]);
            assertEquals(O[2 * k + 1] - O[2 * p + 1], d[2 * k + 1], 0.05, "y of " + Keypoint.values()[k]);
        }
    }

    @Test
    void mirroredSamplesGetTheOffsetAndNoLandmarks68() {
        GrayImage image = dot(200, 200, 100, 100);
        FaceBox box = new FaceBox(50, 50, 100, 100, 1f);
        float[] labels = new float[Keypoint.COORDINATES];
        for (int j = 0; j < labels.length; j++) {
            labels[j] = 80 + j;
        }
        float[] landmarks = new float[136];
        java.util.Arrays.fill(landmarks, 100f);
        Augmentation always = Augmentation.none().withFlip(1).withMirrorOffset(O);
        Augmentation.Sample mirrored = always.sample(image, box, labels, landmarks, new Random(1));
        float[] plainMirror = CropRule.forBox(box, 1, 0, 0, 0, true).keypointsToCrop(labels);
        for (int j = 0; j < labels.length; j++) {
            assertEquals(plainMirror[j] + O[j], mirrored.keypoints()[j], 1e-4, "coordinate " + j);
        }
        assertNull(mirrored.landmarks68(), "no offset is known for the 68 points of a mirrored crop");

        Augmentation.Sample plain = Augmentation.none().withMirrorOffset(O).sample(image, box, labels, landmarks,
                new Random(1));
        CropTransform t = CropRule.forBox(box);
        float[] expected = t.keypointsToCrop(labels);
        for (int j = 0; j < labels.length; j++) {
            assertEquals(expected[j], plain.keypoints()[j], 1e-4, "an unmirrored crop keeps its labels, " + j);
        }
        assertNotNull(plain.landmarks68());
        double[] centre = t.toCrop(100, 100);
        assertEquals(centre[0], plain.landmarks68()[0], 1e-4);
        assertEquals(centre[1], plain.landmarks68()[135], 1e-4);
    }
}
