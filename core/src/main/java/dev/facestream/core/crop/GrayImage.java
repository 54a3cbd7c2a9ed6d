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
}
