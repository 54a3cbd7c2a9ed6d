package dev.facestream.overlay;

import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.keypoints.KeypointGroup;
import dev.facestream.core.wire.KeypointsRecord;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws keypoints records onto a BGR frame: the face box, the track id, and the 15 points
 * coloured by feature (eyes, brows, nose, mouth). It can also draw onto a part of a frame and
 * say which part a drawing covers ({@link #bounds}), so that a writer converts only that part
 * of a frame to BGR ({@link I420Overlay}).
 */
public final class KeypointsOverlay {
    /** Sub-pixel drawing: OpenCV takes coordinates as fixed point with this many fraction bits. */
    private static final int SHIFT = 4;
    private static final double ONE = 1 << SHIFT;
    private static final int FONT = opencv_imgproc.FONT_HERSHEY_SIMPLEX;
    /** Pixels around every shape that anti-aliasing may touch, and some to spare. */
    private static final int AA_MARGIN = 3;

    private KeypointsOverlay() {
    }

    /** Draws {@code faces} (all of one frame) onto {@code bgr}, in place. */
    public static void draw(Mat bgr, List<KeypointsRecord> faces) {
        draw(bgr, bgr.cols(), bgr.rows(), 0, 0, faces);
    }

    /**
     * Draws {@code faces} onto {@code part}, which holds the pixels of a {@code frameWidth} x
     * {@code frameHeight} frame from ({@code originX}, {@code originY}) on. The drawing is the same,
     * pixel for pixel, as drawing on the whole frame, where the part covers {@link #bounds}.
     */
    static void draw(Mat part, int frameWidth, int frameHeight, int originX, int originY,
            List<KeypointsRecord> faces) {
        int scale = scale(frameWidth, frameHeight);
        for (KeypointsRecord r : faces) {
            float[] b = r.box();
            if (b != null && b.length == 4) {
                try (Scalar green = new Scalar(80, 220, 80, 0);
                     Point p1 = fixed(b[0], b[1], originX, originY);
                     Point p2 = fixed(b[0] + b[2], b[1] + b[3], originX, originY)) {
                    opencv_imgproc.rectangle(part, p1, p2, green, scale, opencv_imgproc.LINE_AA, SHIFT);
                }
                try (Scalar green = new Scalar(80, 220, 80, 0);
                     Point at = new Point(labelX(b) - originX, labelY(b, scale) - originY)) {
                    opencv_imgproc.putText(part, label(r), at, FONT, 0.4 * scale, green, scale, opencv_imgproc.LINE_AA,
                            false);
                }
            }
            for (Keypoint k : Keypoint.all()) {
                float[] p = drawablePoint(r, k);
                if (p == null) {
                    continue;
                }
                try (Scalar colour = colour(k); Point c = fixed(p[0], p[1], originX, originY)) {
                    opencv_imgproc.circle(part, c, (int) Math.round(pointRadius(scale) * ONE), colour, -1,
                            opencv_imgproc.LINE_AA, SHIFT);
                }
            }
        }
    }

    /**
     * The rectangle of a {@code frameWidth} x {@code frameHeight} frame that drawing {@code faces}
     * touches, as {@code {x0, y0, x1, y1}} (x1, y1 exclusive), clipped to the frame and widened to
     * even coordinates (a 4:2:0 frame's chroma covers 2x2 pixels); null when nothing is drawn.
     */
    static int[] bounds(List<KeypointsRecord> faces, int frameWidth, int frameHeight) {
        int scale = scale(frameWidth, frameHeight);
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (KeypointsRecord r : faces) {
            float[] b = r.box();
            if (b != null && b.length == 4) {
                // the rectangle's line is centred on the box edge
                double half = scale / 2.0;
                minX = Math.min(minX, Math.min(b[0], b[0] + b[2]) - half);
                minY = Math.min(minY, Math.min(b[1], b[1] + b[3]) - half);
                maxX = Math.max(maxX, Math.max(b[0], b[0] + b[2]) + half);
                maxY = Math.max(maxY, Math.max(b[1], b[1] + b[3]) + half);
                int[] baseline = new int[1];
                try (Size text = opencv_imgproc.getTextSize(label(r), FONT, 0.4 * scale, scale, baseline)) {
                    int x = labelX(b);
                    int y = labelY(b, scale);
                    minX = Math.min(minX, x - scale);
                    minY = Math.min(minY, y - text.height() - scale);
                    maxX = Math.max(maxX, x + text.width() + scale);
                    maxY = Math.max(maxY, y + baseline[0] + scale);
                }
            }
            for (Keypoint k : Keypoint.all()) {
                float[] p = drawablePoint(r, k);
                if (p != null) {
                    double radius = pointRadius(scale);
                    minX = Math.min(minX, p[0] - radius);
                    minY = Math.min(minY, p[1] - radius);
                    maxX = Math.max(maxX, p[0] + radius);
                    maxY = Math.max(maxY, p[1] + radius);
                }
            }
        }
        if (minX > maxX) {
            return null;
        }
        int x0 = Math.max(0, evenFloor(minX - AA_MARGIN));
        int y0 = Math.max(0, evenFloor(minY - AA_MARGIN));
        int x1 = Math.min(frameWidth - frameWidth % 2, evenCeil(maxX + AA_MARGIN));
        int y1 = Math.min(frameHeight - frameHeight % 2, evenCeil(maxY + AA_MARGIN));
        return x0 < x1 && y0 < y1 ? new int[] {x0, y0, x1, y1} : null;
    }

    private static int evenFloor(double v) {
        return (int) Math.floor(v / 2) * 2;
    }

    private static int evenCeil(double v) {
        return (int) Math.ceil(v / 2) * 2;
    }

    /** Line width and point size follow the frame size, so a 4K frame is as readable as a GIF. */
    private static int scale(int frameWidth, int frameHeight) {
        return Math.max(1, Math.round(Math.min(frameWidth, frameHeight) / 270f));
    }

    private static double pointRadius(int scale) {
        return 2.0 * scale;
    }

    private static String label(KeypointsRecord r) {
        return "#" + r.track();
    }

    private static int labelX(float[] box) {
        return Math.round(box[0]);
    }

    private static int labelY(float[] box, int scale) {
        return Math.max(12 * scale, Math.round(box[1]) - 4 * scale);
    }

    /** The point of {@code k} in {@code r}, or null when it has none to draw. */
    private static float[] drawablePoint(KeypointsRecord r, Keypoint k) {
        float[] p = r.point(k);
        return p == null || p.length != 2 || !Float.isFinite(p[0]) || !Float.isFinite(p[1]) ? null : p;
    }

    /** A frame point in fixed point, relative to the origin (shifted after rounding: exact). */
    private static Point fixed(float x, float y, int originX, int originY) {
        return new Point((int) Math.round(x * ONE) - (originX << SHIFT),
                (int) Math.round(y * ONE) - (originY << SHIFT));
    }

    /** BGR colour of a keypoint: its group's ({@link KeypointGroup}, the rule the live page draws with too). */
    private static Scalar colour(Keypoint k) {
        KeypointGroup g = KeypointGroup.of(k);
        return new Scalar(g.blue(), g.green(), g.red(), 0);
    }
}
