package dev.facestream.trainer.degrade;

import dev.facestream.core.crop.GrayImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * What a camera or a stream does to a picture that the shared training frames rarely show: JPEG
 * compression at a low quality, motion blur, and a dim scene's dark, noisy, coarsely quantised
 * image. {@code evaluate --degrade} applies one to whole images before the face detector, to
 * measure a model on such faces; {@code train --degrade P} applies random ones to training crops
 * ({@link #random}), for faces unlike the training people's (issue 14).
 *
 * <p>Written as {@code KIND:STRENGTH}: {@code jpeg:Q} (JPEG quality 1-100, the JDK's own
 * encoder), {@code motion-blur:L} (a straight smear over L pixels, 2-31, at a random angle) and
 * {@code low-light:F} (the scene's light times F, 0.05-1, then sensor noise and 8-bit rounding:
 * a dim scene loses gray levels, which histogram equalisation stretches back into visible steps
 * and noise).
 *
 * @param kind     what is done
 * @param strength quality, length in pixels or light factor, by kind
 */
public record Degradation(Kind kind, double strength) {

    /** The kinds, with their spelling and strength range. */
    public enum Kind {
        JPEG("jpeg", 1, 100),
        MOTION_BLUR("motion-blur", 2, 31),
        LOW_LIGHT("low-light", 0.05, 1);

        private final String spelling;
        private final double min;
        private final double max;

        Kind(String spelling, double min, double max) {
            this.spelling = spelling;
            this.min = min;
            this.max = max;
        }

        public String spelling() {
            return spelling;
        }
    }

    /**
     * Read noise of a dim frame, in 8-bit gray levels (a standard deviation). Webcam sensors in a
     * dim room show about this much after their gain; the exact figure matters less than that the
     * few gray levels left are dithered, as they are on a real camera.
     */
    static final double LOW_LIGHT_NOISE = 2.5;

    public Degradation {
        if (kind == null) {
            throw new IllegalArgumentException("degradation: no kind");
        }
        if (!(strength >= kind.min && strength <= kind.max)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the strength of %s must be from %s to %s, "
                    + "not %s", kind.spelling, fmt(kind.min), fmt(kind.max), fmt(strength)));
        }
    }

    /**
     * {@code jpeg:Q}, {@code motion-blur:L} or {@code low-light:F}.
     *
     * @throws IllegalArgumentException starting with the spec, saying what is wrong with it
     */
    public static Degradation parse(String spec) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        for (Kind k : Kind.values()) {
            if (k.spelling.equals(name)) {
                if (colon < 0 || colon == spec.length() - 1) {
                    throw new IllegalArgumentException(spec + ": give a strength, e.g. " + k.spelling + ":"
                            + fmt(k == Kind.JPEG ? 20 : k == Kind.MOTION_BLUR ? 7 : 0.3));
                }
                try {
                    return new Degradation(k, Double.parseDouble(spec.substring(colon + 1)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(spec + ": '" + spec.substring(colon + 1)
                            + "' is not a number");
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(spec + ": " + e.getMessage());
                }
            }
        }
        throw new IllegalArgumentException(spec + ": unknown kind '" + name
                + "' (expected jpeg:Q, motion-blur:L or low-light:F)");
    }

    /** The strengths a training crop's degradation is drawn from ({@link #random}), inclusive. */
    public static final int TRAINING_JPEG_QUALITY_MIN = 10;
    public static final int TRAINING_JPEG_QUALITY_MAX = 50;
    public static final int TRAINING_BLUR_PX_MIN = 3;
    public static final int TRAINING_BLUR_PX_MAX = 9;
    public static final double TRAINING_LIGHT_MIN = 0.15;
    public static final double TRAINING_LIGHT_MAX = 0.5;
    /** Those ranges in words, for help texts (a compile-time constant, so annotations can use it). */
    public static final String TRAINING_RANGES = "JPEG at quality " + TRAINING_JPEG_QUALITY_MIN + "-"
            + TRAINING_JPEG_QUALITY_MAX + ", motion blur over " + TRAINING_BLUR_PX_MIN + "-" + TRAINING_BLUR_PX_MAX
            + " px or a dim scene's light x" + TRAINING_LIGHT_MIN + "-" + TRAINING_LIGHT_MAX + " with noise";

    /** One of the three kinds, equally likely, at a strength drawn from the training ranges above. */
    public static Degradation random(Random rng) {
        return switch (rng.nextInt(3)) {
            case 0 -> new Degradation(Kind.JPEG, TRAINING_JPEG_QUALITY_MIN
                    + rng.nextInt(TRAINING_JPEG_QUALITY_MAX - TRAINING_JPEG_QUALITY_MIN + 1));
            case 1 -> new Degradation(Kind.MOTION_BLUR, TRAINING_BLUR_PX_MIN
                    + rng.nextInt(TRAINING_BLUR_PX_MAX - TRAINING_BLUR_PX_MIN + 1));
            default -> new Degradation(Kind.LOW_LIGHT, TRAINING_LIGHT_MIN
                    + (TRAINING_LIGHT_MAX - TRAINING_LIGHT_MIN) * rng.nextDouble());
        };
    }

    /** The degraded image; {@code rng} draws the blur's angle and the noise. */
    public GrayImage apply(GrayImage image, Random rng) {
        return switch (kind) {
            case JPEG -> jpeg(image, (float) (strength / 100));
            case MOTION_BLUR -> motionBlur(image, strength, rng.nextDouble() * Math.PI);
            case LOW_LIGHT -> lowLight(image, strength, rng);
        };
    }

    @Override
    public String toString() {
        return kind.spelling + ":" + fmt(strength);
    }

    static GrayImage jpeg(GrayImage image, float quality) {
        int w = image.width();
        int h = image.height();
        BufferedImage in = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(image.pixels(), 0, ((DataBufferByte) in.getRaster().getDataBuffer()).getData(), 0, w * h);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no JPEG encoder (javax.imageio)");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(in, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        try {
            // ImageIO.read closes the stream it is given; an in-memory one keeps the JDK off its disk cache
            BufferedImage decoded = ImageIO.read(new MemoryCacheImageInputStream(
                    new ByteArrayInputStream(bytes.toByteArray())));
            byte[] px = new byte[w * h];
            decoded.getRaster().getDataElements(0, 0, w, h, px);
            return new GrayImage(w, h, px);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mean of {@code length} samples along a line through each pixel, at {@code angle} radians. */
    static GrayImage motionBlur(GrayImage image, double length, double angle) {
        int w = image.width();
        int h = image.height();
        byte[] src = image.pixels();
        int taps = Math.max(2, (int) Math.round(length));
        double dx = Math.cos(angle);
        double dy = Math.sin(angle);
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = 0;
                for (int t = 0; t < taps; t++) {
                    double d = t - (taps - 1) / 2.0;
                    sum += bilinear(src, w, h, x + d * dx, y + d * dy);
                }
                out[y * w + x] = (byte) Math.round(sum / taps);
            }
        }
        return new GrayImage(w, h, out);
    }

    static GrayImage lowLight(GrayImage image, double light, Random rng) {
        byte[] src = image.pixels();
        byte[] out = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            double v = (src[i] & 0xff) * light + rng.nextGaussian() * LOW_LIGHT_NOISE;
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
        return new GrayImage(image.width(), image.height(), out);
    }

    private static double bilinear(byte[] px, int w, int h, double x, double y) {
        double cx = Math.max(0, Math.min(w - 1, x));
        double cy = Math.max(0, Math.min(h - 1, y));
        int x0 = (int) Math.floor(cx);
        int y0 = (int) Math.floor(cy);
        int x1 = Math.min(w - 1, x0 + 1);
        int y1 = Math.min(h - 1, y0 + 1);
        double fx = cx - x0;
        double fy = cy - y0;
        double top = (px[y0 * w + x0] & 0xff) * (1 - fx) + (px[y0 * w + x1] & 0xff) * fx;
        double bottom = (px[y1 * w + x0] & 0xff) * (1 - fx) + (px[y1 * w + x1] & 0xff) * fx;
        return top * (1 - fy) + bottom * fy;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
