package dev.facestream.producer;

import dev.facestream.core.crop.GrayImage;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;

/** A local camera through OpenCV's {@link VideoCapture}. */
final class CameraSource implements FrameSource {
    private final VideoCapture capture;
    private final int index;
    private final Mat bgr = new Mat();
    private final Mat gray = new Mat();
    private final long startMicros = FrameSource.nowMicros();
    private final boolean colourView;
    private long number;

    private CameraSource(VideoCapture capture, int index, boolean colourView) {
        this.capture = capture;
        this.index = index;
        this.colourView = colourView;
    }

    /**
     * Opens camera {@code index}, failing within {@code timeout}: some V4L2 drivers block for a
     * long time on a missing or busy device, and a user who typed the wrong index should be told
     * at once rather than wait.
     */
    static CameraSource open(int index, Duration timeout) throws IOException {
        return open(index, timeout, false);
    }

    /** {@link #open(int, Duration)}; with {@code colourView} each frame carries its colour picture too. */
    static CameraSource open(int index, Duration timeout, boolean colourView) throws IOException {
        Loader.load(opencv_core.class);
        CompletableFuture<VideoCapture> opening = CompletableFuture.supplyAsync(() -> new VideoCapture(index));
        VideoCapture cap;
        try {
            cap = opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            opening.thenAccept(VideoCapture::close);
            throw new IOException("camera " + index + " did not open within " + timeout.toMillis()
                    + " ms (missing, busy, or no permission on /dev/video" + index + ")");
        } catch (ExecutionException e) {
            throw new IOException("cannot open camera " + index + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening camera " + index, e);
        }
        if (!cap.isOpened()) {
            cap.close();
            throw new IOException("camera " + index + " is not available (no /dev/video" + index
                    + ", or it is busy or not readable); list cameras with 'v4l2-ctl --list-devices'");
        }
        return new CameraSource(cap, index, colourView);
    }

    @Override
    public CapturedFrame next() throws IOException {
        if (!capture.read(bgr) || bgr.empty()) {
            return null;
        }
        long now = FrameSource.nowMicros();
        if (bgr.channels() == 1) {
            bgr.copyTo(gray);
        } else {
            opencv_imgproc.cvtColor(bgr, gray, opencv_imgproc.COLOR_BGR2GRAY);
        }
        byte[] px = new byte[gray.rows() * gray.cols()];
        try (BytePointer data = gray.data()) {
            data.get(px);
        }
        ColourFrame colour = colourView ? ColourFrame.fromBgr(number, bgr, 0) : null;
        return new CapturedFrame(number++, now - startMicros, now, new GrayImage(gray.cols(), gray.rows(), px),
                colour);
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public String describe() {
        return "camera " + index;
    }

    @Override
    public void close() {
        capture.release();
        capture.close();
        bgr.close();
        gray.close();
    }
}
