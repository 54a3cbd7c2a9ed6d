package dev.facestream.trainer.data;

import dev.facestream.core.crop.GrayImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reads image files as grayscale (ITU-R 601 luma for colour images, as OpenCV's BGR2GRAY). */
public final class Images {
    private Images() {
    }

    /** @throws IOException naming the file when it is missing or not a readable image */
    public static GrayImage readGray(Path file) throws IOException {
        BufferedImage bi;
        try {
            bi = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": unreadable image (" + e.getMessage() + ")", e);
        }
        if (bi == null) {
            throw new IOException(file + ": not an image in a format this reader knows (PNG, JPEG, BMP, GIF)");
        }
        return toGray(bi);
    }

    public static GrayImage toGray(BufferedImage bi) {
        int w = bi.getWidth();
        int h = bi.getHeight();
        byte[] px = new byte[w * h];
        if (bi.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            bi.getRaster().getDataElements(0, 0, w, h, px);
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = bi.getRGB(x, y);
                    int r = (rgb >> 16) & 0xff;
                    int g = (rgb >> 8) & 0xff;
                    int b = rgb & 0xff;
                    px[y * w + x] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
                }
            }
        }
        return new GrayImage(w, h, px);
    }

    public static BufferedImage toBufferedImage(GrayImage g) {
        BufferedImage bi = new BufferedImage(g.width(), g.height(), BufferedImage.TYPE_BYTE_GRAY);
        bi.getRaster().setDataElements(0, 0, g.width(), g.height(), g.pixels());
        return bi;
    }
}
