package dev.facestream.stream;

import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.wire.KeypointsRecord;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Draws keypoints records onto a BGR frame: the face box, the track id, and the 15 points
 * coloured by feature (eyes, brows, nose, mouth).
 */
public final class KeypointsOverlay {
    /** Sub-pixel drawing: OpenCV takes coordinates as fixed point with this many fraction bits. */
    private static final int SHIFT = 4;
    private static final double ONE = 1 << SHIFT;

    private KeypointsOverlay() {
    }

    /** Draws {@code faces} (all of one frame) onto {@code bgr}, in place. */
    public static void draw(Mat bgr, List<KeypointsRecord> faces) {
        // line width and point size follow the frame size, so a 4K frame is as readable as a GIF
        int scale = Math.max(1, Math.round(Math.min(bgr.cols(), bgr.rows()) / 270f));
        for (KeypointsRecord r : faces) {
            float[] b = r.box();
            if (b != null && b.length == 4) {
                try (Scalar green = new Scalar(80, 220, 80, 0);
                     Point p1 = fixed(b[0], b[1]);
                     Point p2 = fixed(b[0] + b[2], b[1] + b[3])) {
                    opencv_imgproc.rectangle(bgr, p1, p2, green, scale, opencv_imgproc.LINE_AA, SHIFT);
                }
                try (Scalar green = new Scalar(80, 220, 80, 0);
                     Point at = new Point(Math.round(b[0]), Math.max(12 * scale, Math.round(b[1]) - 4 * scale))) {
                    opencv_imgproc.putText(bgr, "#" + r.track(), at, opencv_imgproc.FONT_HERSHEY_SIMPLEX,
                            0.4 * scale, green, scale, opencv_imgproc.LINE_AA, false);
                }
            }
            for (Keypoint k : Keypoint.all()) {
                float[] p = r.point(k);
                if (p == null || p.length != 2 || !Float.isFinite(p[0]) || !Float.isFinite(p[1])) {
                    continue;
                }
                try (Scalar colour = colour(k); Point c = fixed(p[0], p[1])) {
                    opencv_imgproc.circle(bgr, c, (int) Math.round(2 * scale * ONE), colour, -1,
                            opencv_imgproc.LINE_AA, SHIFT);
                }
            }
        }
    }

    private static Point fixed(float x, float y) {
        return new Point((int) Math.round(x * ONE), (int) Math.round(y * ONE));
    }

    /** BGR colour of a keypoint by the feature it belongs to. */
    private static Scalar colour(Keypoint k) {
        String n = k.name();
        if (n.contains("EYEBROW")) {
            return new Scalar(0, 215, 255, 0);     // yellow
        }
        if (n.contains("EYE")) {
            return new Scalar(255, 200, 0, 0);     // light blue
        }
        if (n.startsWith("NOSE")) {
            return new Scalar(255, 0, 255, 0);     // magenta
        }
        return new Scalar(40, 40, 255, 0);         // red: mouth
    }
}
