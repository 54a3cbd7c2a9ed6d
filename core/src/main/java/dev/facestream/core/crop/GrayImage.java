package dev.facestream.core.crop;

/** An 8-bit grayscale image, row-major, one byte per pixel (unsigned). */
public record GrayImage(int width, int height, byte[] pixels) {
    public GrayImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(
                    "expected " + width * height + " pixels for " + width + "x" + height + ", got " + pixels.length);
        }
    }

    public int get(int x, int y) {
        return pixels[y * width + x] & 0xff;
    }

    /** Half-size image, each pixel the mean of a 2x2 block (a box-filter pyramid level). */
    public GrayImage halved() {
        int w = Math.max(1, width / 2);
        int h = Math.max(1, height / 2);
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int y0 = Math.min(2 * y, height - 1);
            int y1 = Math.min(2 * y + 1, height - 1);
            for (int x = 0; x < w; x++) {
                int x0 = Math.min(2 * x, width - 1);
                int x1 = Math.min(2 * x + 1, width - 1);
                int s = get(x0, y0) + get(x1, y0) + get(x0, y1) + get(x1, y1);
                out[y * w + x] = (byte) ((s + 2) >> 2);
            }
        }
        return new GrayImage(w, h, out);
    }
}
