package dev.facestream.trainer.data;

import dev.facestream.core.crop.FaceBox;
import dev.facestream.face.FaceDetector;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The face box of every training image, found by the same detector the producer runs, so training
 * crops are framed as live crops are. Boxes are cached per data fingerprint (detection takes a
 * few ms per image). Where the detector finds no face, or only a face that is not the labelled
 * one, the box is derived from the labels with {@link LabelBoxRule}, calibrated on the images
 * where the detector did find it; those cases are counted.
 */
public final class FaceBoxes {
    /** How a box was obtained. */
    public enum Source { DETECTOR, LABELS, IMAGE }

    /** A face's box and where it came from. */
    public record Found(FaceBox box, Source source) {
    }

    private final Map<String, Found> boxes;
    private final LabelBoxRule rule;

    private FaceBoxes(Map<String, Found> boxes, LabelBoxRule rule) {
        this.boxes = boxes;
        this.rule = rule;
    }

    public Found get(LabelledFace face) {
        Found f = boxes.get(face.id());
        if (f == null) {
            throw new IllegalArgumentException("no face box computed for " + face.id());
        }
        return f;
    }

    public LabelBoxRule rule() {
        return rule;
    }

    public long count(Source s) {
        return boxes.values().stream().filter(f -> f.source() == s).count();
    }

    /**
     * The boxes of several data sources together (face ids are unique across them). The label box
     * rule reported is that of the source with the most detector boxes, the one calibrated on most.
     */
    public static FaceBoxes union(List<FaceBoxes> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Map<String, Found> all = new HashMap<>();
        FaceBoxes most = parts.get(0);
        for (FaceBoxes p : parts) {
            all.putAll(p.boxes);
            if (p.count(Source.DETECTOR) > most.count(Source.DETECTOR)) {
                most = p;
            }
        }
        return new FaceBoxes(all, most.rule);
    }

    /** Detects (or reads from {@code cacheDir}) the box of every face. */
    public static FaceBoxes compute(List<LabelledFace> faces, String fingerprint, Path cacheDir) throws IOException {
        Map<String, FaceBox> detected = new HashMap<>();
        FaceDetector detector = FaceDetector.create();
        // boxes depend on the data and on how the detector runs (kind, threshold, detection width)
        Path cache = cacheDir == null ? null
                : cacheDir.resolve("boxes-" + fingerprint + "-" + detector.configuration() + ".tsv");
        if (cache != null && Files.isRegularFile(cache)) {
            for (String line : Files.readAllLines(cache, StandardCharsets.UTF_8)) {
                String[] c = line.split("\t");
                if (c.length == 6) {
                    detected.put(c[0], new FaceBox(Float.parseFloat(c[1]), Float.parseFloat(c[2]),
                            Float.parseFloat(c[3]), Float.parseFloat(c[4]), Float.parseFloat(c[5])));
                } else if (c.length == 1) {
                    detected.put(c[0], null);
                }
            }
        }
        boolean dirty = false;
        try (detector) {
            for (LabelledFace f : faces) {
                if (f.cropped() || detected.containsKey(f.id())) {
                    continue;
                }
                detected.put(f.id(), detect(detector, f));
                dirty = true;
            }
        }
        if (cache != null && dirty) {
            Files.createDirectories(cacheDir);
            try (BufferedWriter w = Files.newBufferedWriter(cache, StandardCharsets.UTF_8)) {
                for (Map.Entry<String, FaceBox> e : detected.entrySet()) {
                    FaceBox b = e.getValue();
                    w.write(b == null ? e.getKey() : String.format(Locale.ROOT, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.4f",
                            e.getKey(), b.x(), b.y(), b.width(), b.height(), b.score()));
                    w.newLine();
                }
            }
        }
        LabelBoxRule rule = LabelBoxRule.calibrate(faces, detected);
        Map<String, Found> out = new HashMap<>();
        for (LabelledFace f : faces) {
            FaceBox b = detected.get(f.id());
            if (f.cropped()) {
                out.put(f.id(), new Found(KaggleCsvReader.identityBox(), Source.IMAGE));
            } else if (b != null) {
                out.put(f.id(), new Found(b, Source.DETECTOR));
            } else {
                out.put(f.id(), new Found(rule.boxFor(f.keypoints()), Source.LABELS));
            }
        }
        return new FaceBoxes(out, rule);
    }

    /**
     * The box the live pipeline would crop this face from: the whole image for a face that already
     * is a crop (Kaggle), else the detected face that is the labelled one; null when the detector
     * does not find it.
     */
    public static FaceBox detect(FaceDetector detector, LabelledFace face) {
        return face.cropped() ? KaggleCsvReader.identityBox() : pickLabelled(detector.detect(face.image()), face);
    }

    /**
     * Of the faces the detector found, the one whose box holds both labelled eye centres (a
     * labelled image may show a second person); null when none does.
     */
    static FaceBox pickLabelled(List<FaceBox> found, LabelledFace face) {
        float[] k = face.keypoints();
        for (FaceBox b : found) {
            if (inside(b, k[0], k[1]) && inside(b, k[2], k[3])) {
                return b;
            }
        }
        return null;
    }

    private static boolean inside(FaceBox b, float x, float y) {
        return Float.isNaN(x) || (x >= b.x() && x <= b.x() + b.width() && y >= b.y() && y <= b.y() + b.height());
    }
}
