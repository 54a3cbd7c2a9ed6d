package dev.facestream.live;

import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.overlay.KeypointsOverlay;
import java.awt.GraphicsEnvironment;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.WindowConstants;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.CanvasFrame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * {@code live --window}: the shown frames in a desktop window (JavaCV's {@link CanvasFrame})
 * instead of, or beside, the browser, drawn with the same {@link KeypointsOverlay} as the
 * annotated videos. Frames are drawn on the window's own thread, newest first, so a slow
 * desktop never delays the view.
 */
public final class LiveWindow implements LiveView.Listener, AutoCloseable {
    private final CanvasFrame canvas;
    private final AtomicReference<LiveView.Shown> next = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closed;

    private LiveWindow(CanvasFrame canvas) {
        this.canvas = canvas;
        this.thread = new Thread(this::draw, "facestream-live-window");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens the window; {@code onClosed} runs when the user closes it.
     *
     * @throws IllegalStateException without a desktop (no {@code DISPLAY}, or a headless JVM)
     */
    public static LiveWindow open(String title, Runnable onClosed) {
        requireDesktop();
        CanvasFrame canvas = new CanvasFrame(title, 1.0);
        canvas.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        canvas.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                onClosed.run();
            }
        });
        return new LiveWindow(canvas);
    }

    /**
     * Fails unless windows can be opened: checked before a command starts anything.
     *
     * @throws IllegalStateException without a desktop (no {@code DISPLAY}, or a headless JVM)
     */
    public static void requireDesktop() {
        if (GraphicsEnvironment.isHeadless()) {
            throw new IllegalStateException("--window needs a desktop session, and there is none (DISPLAY is "
                    + (System.getenv("DISPLAY") == null ? "not set" : "set, but the JVM runs headless")
                    + "); open the page in a browser instead");
        }
    }

    @Override
    public void onShown(LiveView.Shown frame) {
        synchronized (next) {
            next.set(frame);
            next.notifyAll();
        }
    }

    private void draw() {
        try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
             Mat bgr = new Mat()) {
            while (!closed) {
                LiveView.Shown f;
                synchronized (next) {
                    while ((f = next.getAndSet(null)) == null && !closed) {
                        next.wait();
                    }
                }
                if (f == null) {
                    return;
                }
                try (BytePointer jpeg = new BytePointer(f.jpeg());
                     Mat encoded = new Mat(1, f.jpeg().length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, jpeg)) {
                    // colour or gray, the frame comes out as BGR
                    opencv_imgcodecs.imdecode(encoded, opencv_imgcodecs.IMREAD_COLOR, bgr);
                }
                List<KeypointsRecord> faces = new ArrayList<>();
                for (LiveView.ShownFace face : f.faces()) {
                    if (face.keypoints() != null) {
                        faces.add(new KeypointsRecord("", f.frame(), f.capturedAtMicros(), face.face(), face.track(),
                                face.box(), null, face.confidence(), face.keypoints(), null, null));
                    }
                }
                KeypointsOverlay.draw(bgr, faces);
                canvas.showImage(converter.convert(bgr));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (next) {
            next.notifyAll();
        }
        canvas.dispose();
    }
}
