package dev.facestream.overlay;

import dev.facestream.core.crop.GrayImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Gray frames to JPEG with OpenCV's encoder (libjpeg-turbo: about a millisecond for 640x480 on
 * one core, several times faster than {@code javax.imageio}). Keeps its native buffers between
 * frames, so it is not thread-safe: one per encoding thread.
 */
public final class JpegEncoder implements AutoCloseable {
    private final IntPointer params;
    private final BytePointer out = new BytePointer();
    private Mat mat;

    /** @param quality 1..100 */
    public JpegEncoder(int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
        }
        params = new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, quality);
    }

    public byte[] encode(GrayImage image) {
        if (mat == null || mat.cols() != image.width() || mat.rows() != image.height()) {
            if (mat != null) {
                mat.close();
            }
            mat = new Mat(image.height(), image.width(), opencv_core.CV_8UC1);
        }
        try (BytePointer data = mat.data()) {
            data.put(image.pixels());
        }
        if (!opencv_imgcodecs.imencode(".jpg", mat, out, params)) {
            throw new IllegalStateException("OpenCV could not encode a " + image.width() + "x" + image.height()
                    + " frame as JPEG");
        }
        byte[] jpeg = new byte[(int) out.limit()];
        out.get(jpeg);
        return jpeg;
    }

    @Override
    public void close() {
        if (mat != null) {
            mat.close();
        }
        out.close();
        params.close();
    }
}
