package dev.facestream.producer;

import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * A frame of a video as decoded, in colour: planar YUV 4:2:0 (I420), the layout H.264 is decoded
 * to and encoded from, so a video written from it needs no conversion. The producer hands these
 * to whoever writes the annotated video, so that the video is decoded once per run. Width and
 * height are even (4:2:0 needs it): a source of odd size loses its last column or row here, where
 * H.264 output would have to lose it anyway.
 *
 * @param number     0-based index of the frame in its source, as in {@link CapturedFrame#number()}
 * @param width      width in pixels
 * @param height     height in pixels
 * @param frameRate  the source's frame rate, 0 when it does not say
 * @param i420       the Y plane ({@code width x height}), then U and V ({@code width/2 x height/2} each), rows packed
 */
public record ColourFrame(long number, int width, int height, double frameRate, byte[] i420) {
    public ColourFrame {
        if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("an I420 frame needs an even size, not " + width + "x" + height);
        }
        if (i420.length != bytes(width, height)) {
            throw new IllegalArgumentException("a " + width + "x" + height + " I420 frame has " + bytes(width, height)
                    + " bytes, not " + i420.length);
        }
    }

    /** The size of a packed I420 frame of even size. */
    public static int bytes(int width, int height) {
        return width * height * 3 / 2;
    }

    /**
     * Packs a picture's three I420 planes (rows {@code stride} bytes apart; chroma planes
     * {@code ceil(width/2) x ceil(height/2)}) into a frame, cropping an odd last column or row.
     */
    public static ColourFrame fromPlanes(long number, int width, int height, double frameRate, ByteBuffer y,
            int yStride, ByteBuffer u, int uStride, ByteBuffer v, int vStride) {
        return fromPlanes(number, width, height, frameRate, y, yStride, u, uStride, v, vStride, byte[]::new);
    }

    /**
     * {@link #fromPlanes(long, int, int, double, ByteBuffer, int, ByteBuffer, int, ByteBuffer, int)}
     * into a buffer from {@code buffers}, which is asked for the frame's byte count.
     */
    public static ColourFrame fromPlanes(long number, int width, int height, double frameRate, ByteBuffer y,
            int yStride, ByteBuffer u, int uStride, ByteBuffer v, int vStride, IntFunction<byte[]> buffers) {
        int w = width & ~1;
        int h = height & ~1;
        byte[] out = buffers.apply(bytes(w, h));
        int o = copyRows(y, yStride, out, 0, w, h);
        o = copyRows(u, uStride, out, o, w / 2, h / 2);
        copyRows(v, vStride, out, o, w / 2, h / 2);
        return new ColourFrame(number, w, h, frameRate, out);
    }

    /**
     * A BGR picture (a camera's, an image file's; 3 channels, 4 with alpha, 1 for a gray one) as a frame,
     * converted by OpenCV to the video range I420 that decoded videos have, cropping an odd last
     * column or row.
     */
    static ColourFrame fromBgr(long number, Mat picture, double frameRate) {
        int w = picture.cols() & ~1;
        int h = picture.rows() & ~1;
        byte[] out = new byte[bytes(w, h)];
        try (Rect even = new Rect(0, 0, w, h);
             Mat part = new Mat(picture, even);
             Mat bgr = new Mat();
             Mat i420 = new Mat()) {
            Mat colour = part;
            if (picture.channels() == 1) {
                opencv_imgproc.cvtColor(part, bgr, opencv_imgproc.COLOR_GRAY2BGR);
                colour = bgr;
            }
            opencv_imgproc.cvtColor(colour, i420, picture.channels() == 4 ? opencv_imgproc.COLOR_BGRA2YUV_I420
                    : opencv_imgproc.COLOR_BGR2YUV_I420);
            try (BytePointer data = i420.data()) {
                data.get(out);
            }
        }
        return new ColourFrame(number, w, h, frameRate, out);
    }

    private static int copyRows(ByteBuffer src, int stride, byte[] dst, int to, int width, int rows) {
        for (int row = 0; row < rows; row++) {
            src.get(row * stride, dst, to, width);
            to += width;
        }
        return to;
    }

    /** Receives every frame a video source decodes, in order, on the thread that reads the source. */
    @FunctionalInterface
    public interface Sink {
        /** May block (a full queue): the source waits, so memory stays bounded. */
        void accept(ColourFrame frame) throws InterruptedException;

        /**
         * A buffer of {@code bytes} bytes for the next frame: a sink that is done with its frames
         * early can hand their buffers back here rather than have the source allocate a new one
         * for every frame.
         */
        default byte[] buffer(int bytes) {
            return new byte[bytes];
        }
    }
}
