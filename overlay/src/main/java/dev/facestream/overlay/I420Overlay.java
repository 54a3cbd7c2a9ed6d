package dev.facestream.overlay;

import dev.facestream.core.wire.KeypointsRecord;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Draws keypoints onto an I420 frame, the encoder's own format, converting to BGR only the part
 * of the frame the drawing covers ({@link KeypointsOverlay#bounds}): a face and its label, a
 * tenth of a 640x480 frame. Converting whole frames to BGR and back took a fifth of the
 * annotated-video writer's time. Inside that part the result is the same, bit for bit, as
 * converting the whole frame, drawing and converting back with OpenCV (both conversions work per
 * pixel and per 2x2 chroma block, and the part starts on even coordinates); outside it, the
 * decoded pixels stay as they were ({@code I420OverlayTest}).
 *
 * <p>One instance per frame size and thread: it owns the frame buffer, which the caller fills.
 */
public final class I420Overlay implements AutoCloseable {
    private final int width;
    private final int height;
    /** The whole frame, I420: {@code height * 3 / 2} rows of {@code width} bytes. */
    private final Mat frame;
    private final BytePointer data;
    private final Mat luma;
    private final Mat blue;
    private final Mat red;
    private final Mat bgr = new Mat();

    public I420Overlay(int width, int height) {
        if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("an I420 frame has even sides of at least 2 pixels, got " + width + "x"
                    + height);
        }
        this.width = width;
        this.height = height;
        this.frame = new Mat(height * 3 / 2, width, opencv_core.CV_8UC1);
        this.data = frame.data();
        this.luma = new Mat(height, width, opencv_core.CV_8UC1, data);
        this.blue = new Mat(height / 2, width / 2, opencv_core.CV_8UC1,
                new BytePointer(data).position((long) width * height));
        this.red = new Mat(height / 2, width / 2, opencv_core.CV_8UC1,
                new BytePointer(data).position((long) width * height * 5 / 4));
    }

    /** The frame's bytes in native memory, {@code width * height * 3 / 2} of them, I420. */
    public BytePointer data() {
        return data.capacity((long) width * height * 3 / 2);
    }

    /** Draws {@code faces} (all of this frame) onto the frame, in place. */
    public void draw(List<KeypointsRecord> faces) {
        int[] r = KeypointsOverlay.bounds(faces, width, height);
        if (r == null) {
            return;
        }
        int x = r[0];
        int y = r[1];
        int w = r[2] - r[0];
        int h = r[3] - r[1];
        // the part as an I420 image of its own, drawn in BGR, and back
        try (Mat part = new Mat(h * 3 / 2, w, opencv_core.CV_8UC1);
             BytePointer p = part.data();
             Mat partLuma = new Mat(h, w, opencv_core.CV_8UC1, p);
             Mat partBlue = new Mat(h / 2, w / 2, opencv_core.CV_8UC1, new BytePointer(p).position((long) w * h));
             Mat partRed = new Mat(h / 2, w / 2, opencv_core.CV_8UC1,
                     new BytePointer(p).position((long) w * h * 5 / 4));
             Rect full = new Rect(x, y, w, h);
             Rect half = new Rect(x / 2, y / 2, w / 2, h / 2);
             Mat frameLuma = luma.apply(full);
             Mat frameBlue = blue.apply(half);
             Mat frameRed = red.apply(half)) {
            frameLuma.copyTo(partLuma);
            frameBlue.copyTo(partBlue);
            frameRed.copyTo(partRed);
            opencv_imgproc.cvtColor(part, bgr, opencv_imgproc.COLOR_YUV2BGR_I420);
            KeypointsOverlay.draw(bgr, width, height, x, y, faces);
            // into the same buffer: cvtColor keeps a destination of the right size and type
            opencv_imgproc.cvtColor(bgr, part, opencv_imgproc.COLOR_BGR2YUV_I420);
            partLuma.copyTo(frameLuma);
            partBlue.copyTo(frameBlue);
            partRed.copyTo(frameRed);
        }
    }

    @Override
    public void close() {
        bgr.close();
        red.close();
        blue.close();
        luma.close();
        frame.close();
    }
}
