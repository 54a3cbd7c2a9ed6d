package dev.facestream.core.wire;

import dev.facestream.core.keypoints.Keypoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The labelled-face CSV that {@code facestream review} writes and {@code facestream train} reads:
 * Kaggle's {@code training.csv} (30 coordinate columns {@code left_eye_center_x, left_eye_center_y,
 * ...} in {@link Keypoint} order, then {@code Image}, the 96x96 crop's 9216 pixels space-separated),
 * with three more columns before {@code Image} saying where the face came from: {@link #STREAM},
 * {@link #TRACK} and {@link #FRAME}. The trainer takes stream and track as the person of the row,
 * so a relabelled track never straddles the train/validation split. Kaggle's own file has none of
 * them and is read as before.
 *
 * <p>The stream id is URL-encoded in its cell (a comma or a newline in an id cannot break the
 * row); the file is UTF-8 with {@code \n} line ends. The negatives file ("not a face") has the
 * same layout without the coordinates: {@link #negativesHeader()}.
 */
public final class LabelledCsv {
    public static final String STREAM = "stream";
    public static final String TRACK = "track";
    public static final String FRAME = "frame";
    public static final String IMAGE = "Image";
    /** The side of a Kaggle crop. */
    public static final int SIDE = 96;

    private LabelledCsv() {
    }

    /** {@code left_eye_center_x}, ...: Kaggle's 30 coordinate column names, in {@link Keypoint} order. */
    public static List<String> coordinateColumns() {
        List<String> c = new ArrayList<>(Keypoint.COORDINATES);
        for (Keypoint k : Keypoint.all()) {
            c.add(k.key() + "_x");
            c.add(k.key() + "_y");
        }
        return c;
    }

    /** The header line of a labelled file (without the line end). */
    public static String header() {
        return String.join(",", coordinateColumns()) + "," + STREAM + "," + TRACK + "," + FRAME + "," + IMAGE;
    }

    /** The header line of a negatives file. */
    public static String negativesHeader() {
        return STREAM + "," + TRACK + "," + FRAME + "," + IMAGE;
    }

    /**
     * A row of a labelled file (without the line end).
     *
     * @param xy 30 crop coordinates, {@link Keypoint} order
     */
    public static String row(float[] xy, String stream, long track, long frame, byte[] pixels) {
        if (xy.length != Keypoint.COORDINATES) {
            throw new IllegalArgumentException("expected " + Keypoint.COORDINATES + " coordinates, got " + xy.length);
        }
        StringBuilder b = new StringBuilder(Keypoint.COORDINATES * 9 + pixels.length * 4 + 64);
        for (float v : xy) {
            b.append(String.format(Locale.ROOT, "%.4f", v)).append(',');
        }
        return b.append(source(stream, track, frame, pixels)).toString();
    }

    /** A row of a negatives file (without the line end). */
    public static String negativeRow(String stream, long track, long frame, byte[] pixels) {
        return source(stream, track, frame, pixels);
    }

    /** The person a row of a labelled file stands for: its stream and track. */
    public static String person(String streamCell, String trackCell) {
        return STREAM + "=" + streamCell + "/" + TRACK + "=" + trackCell;
    }

    private static String source(String stream, long track, long frame, byte[] pixels) {
        if (pixels.length != SIDE * SIDE) {
            throw new IllegalArgumentException("expected a " + SIDE + "x" + SIDE + " crop, got " + pixels.length
                    + " pixels");
        }
        StringBuilder b = new StringBuilder(pixels.length * 4 + 64);
        b.append(URLEncoder.encode(stream, StandardCharsets.UTF_8)).append(',').append(track).append(',')
                .append(frame).append(',');
        for (int i = 0; i < pixels.length; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(pixels[i] & 0xff);
        }
        return b.toString();
    }
}
