package dev.facestream.core.keypoints;

import java.util.List;

/**
 * The 15 keypoints of Kaggle's "Facial Keypoints Detection", in Kaggle's column order.
 * Names are from the subject's point of view: {@code LEFT_EYE_CENTER} lies at the larger x.
 * A model's output vector is {@code x0, y0, x1, y1, ...} in this order.
 */
public enum Keypoint {
    LEFT_EYE_CENTER,
    RIGHT_EYE_CENTER,
    LEFT_EYE_INNER_CORNER,
    LEFT_EYE_OUTER_CORNER,
    RIGHT_EYE_INNER_CORNER,
    RIGHT_EYE_OUTER_CORNER,
    LEFT_EYEBROW_INNER_END,
    LEFT_EYEBROW_OUTER_END,
    RIGHT_EYEBROW_INNER_END,
    RIGHT_EYEBROW_OUTER_END,
    NOSE_TIP,
    MOUTH_LEFT_CORNER,
    MOUTH_RIGHT_CORNER,
    MOUTH_CENTER_TOP_LIP,
    MOUTH_CENTER_BOTTOM_LIP;

    public static final int COUNT = 15;
    /** Number of coordinates (x and y of every keypoint). */
    public static final int COORDINATES = 2 * COUNT;
    private static final List<Keypoint> ALL = List.of(values());

    public static List<Keypoint> all() {
        return ALL;
    }

    /** Kaggle's snake-case name, e.g. {@code left_eye_center}; also the JSON key on the wire. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Keypoint fromKey(String key) {
        return valueOf(key.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * The keypoint this one becomes when the image is mirrored horizontally: left and right
     * swap, points on the midline (nose tip, lip centres) stay themselves.
     */
    public Keypoint mirrored() {
        String n = name();
        if (n.startsWith("LEFT_")) {
            return valueOf("RIGHT_" + n.substring(5));
        }
        if (n.startsWith("RIGHT_")) {
            return valueOf("LEFT_" + n.substring(6));
        }
        if (n.startsWith("MOUTH_LEFT_")) {
            return MOUTH_RIGHT_CORNER;
        }
        if (n.startsWith("MOUTH_RIGHT_")) {
            return MOUTH_LEFT_CORNER;
        }
        return this;
    }
}
