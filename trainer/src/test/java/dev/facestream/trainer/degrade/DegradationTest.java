package dev.facestream.trainer.degrade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.GrayImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DegradationTest {
    /** A 64x48 image with a smooth gradient and a sharp bright square: edges for blur and JPEG to act on. */
    private static GrayImage picture() {
        int w = 64;
        int h = 48;
        byte[] px = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = 40 + 2 * x + y;
                if (x >= 20 && x < 36 && y >= 16 && y < 32) {
                    v = 230;
                }
                px[y * w + x] = (byte) Math.min(255, v);
            }
        }
        return new GrayImage(w, h, px);
    }

    private static double meanAbsDiff(GrayImage a, GrayImage b) {
        double s = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            s += Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff));
        }
        return s / a.pixels().length;
    }

    private static double mean(GrayImage a) {
        double s = 0;
        for (byte b : a.pixels()) {
            s += b & 0xff;
        }
        return s / a.pixels().length;
    }

    @Test
    void parsesEachKindAndNamesWhatIsWrong() {
        assertEquals(new Degradation(Degradation.Kind.JPEG, 20), Degradation.parse("jpeg:20"));
        assertEquals(new Degradation(Degradation.Kind.MOTION_BLUR, 7), Degradation.parse("motion-blur:7"));
        assertEquals(new Degradation(Degradation.Kind.LOW_LIGHT, 0.3), Degradation.parse("low-light:0.3"));
        assertEquals("low-light:0.3", Degradation.parse("low-light:0.3").toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Degradation.parse("fog:3")).getMessage()
                .contains("unknown kind 'fog'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Degradation.parse("jpeg:0")).getMessage()
                .contains("jpeg:0: the strength of jpeg must be from 1 to 100, not 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Degradation.parse("jpeg")).getMessage()
                .contains("give a strength"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Degradation.parse("motion-blur:x")).getMessage()
                .contains("'x' is not a number"));
    }

    @Test
    void jpegLosesMoreDetailAtLowerQuality() {
        GrayImage in = picture();
        GrayImage q90 = Degradation.parse("jpeg:90").apply(in, new Random(1));
        GrayImage q10 = Degradation.parse("jpeg:10").apply(in, new Random(1));
        assertEquals(in.width(), q10.width());
        assertEquals(in.height(), q10.height());
        double d90 = meanAbsDiff(in, q90);
        double d10 = meanAbsDiff(in, q10);
        assertTrue(d10 > d90 && d10 > 1, "quality 10 off by " + d10 + ", quality 90 by " + d90);
        assertEquals(mean(in), mean(q10), 3, "compression keeps the brightness");
    }

    @Test
    void motionBlurSmearsEdgesAlongItsAngleOnly() {
        GrayImage in = picture();
        // horizontal smear over 9 px: the square's left edge spreads over x, its rows stay as they were
        GrayImage out = Degradation.motionBlur(in, 9, 0);
        int w = in.width();
        int row = 24;
        int inside = out.pixels()[row * w + 28] & 0xff;
        int edge = out.pixels()[row * w + 20] & 0xff;
        assertEquals(230, inside, 1, "the middle of the square is wider than the smear");
        assertTrue(edge > 100 && edge < 200, "the left edge is smeared: " + edge);
        // above the square nothing bright is smeared in, as the smear is horizontal
        assertEquals(in.pixels()[10 * w + 28] & 0xff, out.pixels()[10 * w + 28] & 0xff, 1);
        GrayImage vertical = Degradation.motionBlur(in, 9, Math.PI / 2);
        assertTrue((vertical.pixels()[14 * w + 28] & 0xff) > (in.pixels()[14 * w + 28] & 0xff) + 30,
                "a vertical smear brings the square's brightness above it");
    }

    @Test
    void lowLightDarkensAndLosesGrayLevels() {
        GrayImage in = picture();
        GrayImage out = Degradation.parse("low-light:0.2").apply(in, new Random(4));
        assertEquals(0.2 * mean(in), mean(out), 1.5);
        long levelsIn = in.pixels().length == 0 ? 0 : distinct(in);
        assertTrue(distinct(out) < levelsIn / 2, distinct(out) + " gray levels left of " + levelsIn);
    }

    @Test
    void seededNoiseAndAnglesRepeat() {
        GrayImage in = picture();
        Degradation d = Degradation.parse("low-light:0.3");
        assertArrayEquals(d.apply(in, new Random(9)).pixels(), d.apply(in, new Random(9)).pixels());
        assertFalse(java.util.Arrays.equals(d.apply(in, new Random(9)).pixels(), d.apply(in, new Random(10)).pixels()));
    }

    @Test
    void theHelpTextSaysTheTrainingRanges() {
        assertEquals("JPEG at quality 10-50, motion blur over 3-9 px or a dim scene's light x0.15-0.5 with noise",
                Degradation.TRAINING_RANGES);
    }

    @Test
    void randomDegradationsStayInTheTrainingRanges() {
        Random rng = new Random(2);
        int[] kinds = new int[3];
        for (int i = 0; i < 300; i++) {
            Degradation d = Degradation.random(rng);
            kinds[d.kind().ordinal()]++;
            switch (d.kind()) {
                case JPEG -> assertTrue(d.strength() >= 10 && d.strength() <= 50, d.toString());
                case MOTION_BLUR -> assertTrue(d.strength() >= 3 && d.strength() <= 9, d.toString());
                case LOW_LIGHT -> assertTrue(d.strength() >= 0.15 && d.strength() <= 0.5, d.toString());
            }
        }
        for (int k : kinds) {
            assertTrue(k > 70, java.util.Arrays.toString(kinds));
        }
    }

    private static long distinct(GrayImage img) {
        boolean[] seen = new boolean[256];
        long n = 0;
        for (byte b : img.pixels()) {
            if (!seen[b & 0xff]) {
                seen[b & 0xff] = true;
                n++;
            }
        }
        return n;
    }

    @Test
    void trainingCropsAreDegradedOnlyWhenAskedAndKeepTheirLabels() {
        GrayImage image = picture();
        dev.facestream.core.crop.FaceBox box = new dev.facestream.core.crop.FaceBox(8, 4, 40, 40, 1f);
        float[] labels = new float[30];
        for (int j = 0; j < labels.length; j++) {
            labels[j] = 12 + j;
        }
        var none = dev.facestream.trainer.train.Augmentation.none();
        var plain = none.sample(image, box, labels, new Random(5));
        var off = none.withDegradation(0).sample(image, box, labels, new Random(5));
        var always = none.withDegradation(1).sample(image, box, labels, new Random(5));
        assertEquals(0, dev.facestream.trainer.train.Augmentation.defaults().degradeProbability(), "off by default");
        assertArrayEquals(plain.crop().pixels(), off.crop().pixels(), "a share of 0 draws nothing more: old runs repeat");
        assertArrayEquals(plain.keypoints(), always.keypoints(), "the points stay where they are");
        assertFalse(java.util.Arrays.equals(plain.crop().pixels(), always.crop().pixels()), "degraded");
    }

    @Test
    void evaluationDegradesEachImageTheSameWayEveryRun() {
        var face = new dev.facestream.trainer.data.LabelledFace("a.png", "p", picture(), new float[30], false);
        var other = new dev.facestream.trainer.data.LabelledFace("b.png", "p", picture(), new float[30], false);
        Degradation blur = Degradation.parse("motion-blur:9");
        var first = dev.facestream.trainer.eval.Evaluator.degraded(java.util.List.of(face, other), blur);
        var again = dev.facestream.trainer.eval.Evaluator.degraded(java.util.List.of(face, other), blur);
        assertArrayEquals(first.get(0).image().pixels(), again.get(0).image().pixels());
        assertEquals("a.png", first.get(0).id());
        assertArrayEquals(face.keypoints(), first.get(0).keypoints());
        assertFalse(java.util.Arrays.equals(picture().pixels(), first.get(0).image().pixels()), "degraded");
        assertFalse(java.util.Arrays.equals(first.get(0).image().pixels(), first.get(1).image().pixels()),
                "each image draws its own angle");
    }
}
