package dev.facestream.core.keypoints;

import java.util.List;

/**
 * The facial features the keypoints belong to, each with the colour it is drawn in: one rule for
 * the annotated video ({@code overlay}) and the live page (which gets it from its server).
 */
public enum KeypointGroup {
    EYES("eyes", 0x00c8ff),
    BROWS("brows", 0xffd700),
    NOSE("nose", 0xff00ff),
    MOUTH("mouth", 0xff2828);

    private final String label;
    private final int rgb;

    KeypointGroup(String label, int rgb) {
        this.label = label;
        this.rgb = rgb;
    }

    /** The group of {@code k}, by its name (eyebrow before eye: both contain EYE). */
    public static KeypointGroup of(Keypoint k) {
        String n = k.name();
        if (n.contains("EYEBROW")) {
            return BROWS;
        }
        if (n.contains("EYE")) {
            return EYES;
        }
        if (n.startsWith("NOSE")) {
            return NOSE;
        }
        return MOUTH;
    }

    /** The keypoints of this group, in keypoint order. */
    public List<Keypoint> keypoints() {
        return Keypoint.all().stream().filter(k -> of(k) == this).toList();
    }

    /** Name for a legend, e.g. {@code brows}. */
    public String label() {
        return label;
    }

    public int red() {
        return (rgb >> 16) & 0xff;
    }

    public int green() {
        return (rgb >> 8) & 0xff;
    }

    public int blue() {
        return rgb & 0xff;
    }

    /** {@code #rrggbb}, as CSS takes it. */
    public String hex() {
        return String.format("#%06x", rgb);
    }
}
