package dev.facestream.overlay;

import dev.facestream.core.crop.GrayImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Gray and colour (I420) frames to JPEG with OpenCV's encoder (libjpeg-turbo: about a millisecond for 640x480 on
 * one core, several times faster than {@code javax.imageio}). Keeps its native buffers between
 * frames, so it is not thread-safe: one per encoding thread.
 */
public final class JpegEncoder implements AutoCloseable {
    private final IntPointer params;
    private final BytePointer out = new BytePointer();
    private Mat mat;
    private Mat i420;
    private final Mat bgr = new Mat();

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
        return encoded(mat, image.width(), image.height());
    }

    /**
     * A colour frame in planar YUV 4:2:0 (I420, video range, as decoders deliver it): the Y
     * plane ({@code width x height}), then U and V ({@code width/2 x height/2} each), rows packed.
     */
    public byte[] encodeI420(int width, int height, byte[] planes) {
        if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0 || planes.length != width * height * 3 / 2) {
            throw new IllegalArgumentException("an I420 frame of " + width + "x" + height + " has even sides and "
                    + width * height * 3 / 2 + " bytes, not " + planes.length);
        }
        if (i420 == null || i420.cols() != width || i420.rows() != height * 3 / 2) {
            if (i420 != null) {
                i420.close();
            }
            i420 = new Mat(height * 3 / 2, width, opencv_core.CV_8UC1);
        }
        try (BytePointer data = i420.data()) {
            data.put(planes);
        }
        opencv_imgproc.cvtColor(i420, bgr, opencv_imgproc.COLOR_YUV2BGR_I420);
        return encoded(bgr, width, height);
    }

    private byte[] encoded(Mat picture, int width, int height) {
        if (!opencv_imgcodecs.imencode(".jpg", picture, out, params)) {
            throw new IllegalStateException("OpenCV could not encode a " + width + "x" + height + " frame as JPEG");
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
        if (i420 != null) {
            i420.close();
        }
        bgr.close();
        out.close();
        params.close();
    }
}
