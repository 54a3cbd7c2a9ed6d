package dev.facestream.trainer.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.trainer.data.LabelledFace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Figures by stratum, so that a model that gains on average but loses on small, turned or dark
 * faces shows it. Every stratum is decided by the labels and the pixels alone, never by a model,
 * so two models are always compared on the same faces:
 * <ul>
 * <li>{@code eye_distance_px}: the labelled eye centres' distance in the original image's pixels
 *     (how large the face was in the frame);</li>
 * <li>{@code head_turn}: |nose tip x - eye midpoint x| / eye distance, a yaw proxy from the eye and
 *     nose geometry (0 is frontal);</li>
 * <li>{@code brightness}: mean gray level of the labelled keypoints' bounding box, widened by a
 *     third of the eye distance;</li>
 * <li>{@code hardest_persons}: the quarter of the evaluated persons (at least one) whose faces are
 *     on average the most turned, against the rest.</li>
 * </ul>
 */
public final class Strata {
    static final double[] EYE_DISTANCE_EDGES = {30, 45, 65};
    static final double[] HEAD_TURN_EDGES = {0.08, 0.16, 0.28};
    static final double[] BRIGHTNESS_EDGES = {70, 110, 150};

    private final Map<String, Map<String, KeypointMetrics>> strata = new LinkedHashMap<>();
    private final List<LabelledFace> faces = new ArrayList<>();
    private final List<float[]> predictions = new ArrayList<>();

    /** Adds one evaluated face: its labels and the prediction in image pixels. */
    public void add(LabelledFace face, float[] predicted) {
        faces.add(face);
        predictions.add(predicted);
        float[] t = face.keypoints();
        into("eye_distance_px", bucket(eyeDistance(t), EYE_DISTANCE_EDGES, "%.0f"), predicted, t);
        into("head_turn", bucket(headTurn(t), HEAD_TURN_EDGES, "%.2f"), predicted, t);
        into("brightness", bucket(brightness(face.image(), t), BRIGHTNESS_EDGES, "%.0f"), predicted, t);
    }

    /** Every stratum's summary, with the hardest persons last. */
    public Map<String, Map<String, KeypointMetrics.Summary>> summaries() {
        Map<String, Map<String, KeypointMetrics.Summary>> out = new LinkedHashMap<>();
        strata.forEach((name, buckets) -> {
            Map<String, KeypointMetrics.Summary> m = new LinkedHashMap<>();
            buckets.forEach((b, metrics) -> m.put(b, metrics.summary()));
            out.put(name, m);
        });
        Set<String> hardest = hardestPersons();
        Map<String, KeypointMetrics.Summary> hp = new LinkedHashMap<>();
        KeypointMetrics hard = new KeypointMetrics();
        KeypointMetrics rest = new KeypointMetrics();
        for (int i = 0; i < faces.size(); i++) {
            (hardest.contains(faces.get(i).person()) ? hard : rest).add(predictions.get(i), faces.get(i).keypoints());
        }
        hp.put("hardest quarter of persons (" + hardest.size() + ")", hard.summary());
        hp.put("the other persons", rest.summary());
        out.put("hardest_persons", hp);
        return out;
    }

    /** The persons of the most turned quarter, by mean head turn over their faces. */
    public Set<String> hardestPersons() {
        Map<String, double[]> turn = new TreeMap<>();
        for (LabelledFace f : faces) {
            double[] s = turn.computeIfAbsent(f.person(), p -> new double[2]);
            s[0] += headTurn(f.keypoints());
            s[1]++;
        }
        List<String> persons = new ArrayList<>(turn.keySet());
        persons.sort(Comparator.comparingDouble((String p) -> -turn.get(p)[0] / turn.get(p)[1])
                .thenComparing(Comparator.naturalOrder()));
        int n = persons.isEmpty() ? 0 : Math.max(1, persons.size() / 4);
        return new HashSet<>(persons.subList(0, n));
    }

    /** The figures as JSON-ready records (the persons of the hardest split named). */
    public record Report(@JsonProperty("definitions") String definitions,
            @JsonProperty("strata") Map<String, Map<String, KeypointMetrics.Summary>> strata,
            @JsonProperty("hardest_persons") List<String> hardestPersons) {
    }

    public Report report() {
        return new Report("eye_distance_px: labelled eye-centre distance in image pixels; head_turn: |nose x - eye"
                + " midpoint x| / eye distance; brightness: mean gray of the keypoints' box widened by a third of the"
                + " eye distance; hardest_persons: the quarter of persons with the most turned faces on average",
                summaries(), hardestPersons().stream().sorted().toList());
    }

    private void into(String stratum, String bucket, float[] predicted, float[] truth) {
        strata.computeIfAbsent(stratum, s -> new TreeMap<>(Comparator.comparingDouble(Strata::lowerEdge)))
                .computeIfAbsent(bucket, b -> new KeypointMetrics()).add(predicted, truth);
    }

    static String bucket(double v, double[] edges, String format) {
        for (int i = 0; i < edges.length; i++) {
            if (v < edges[i]) {
                return i == 0 ? "< " + String.format(java.util.Locale.ROOT, format, edges[0])
                        : String.format(java.util.Locale.ROOT, format + " - " + format, edges[i - 1], edges[i]);
            }
        }
        return ">= " + String.format(java.util.Locale.ROOT, format, edges[edges.length - 1]);
    }

    /** Orders bucket names by their lower edge ("< a" first). */
    private static double lowerEdge(String bucket) {
        if (bucket.startsWith("< ")) {
            return Double.NEGATIVE_INFINITY;
        }
        return Double.parseDouble(bucket.replace(">= ", "").split(" - ")[0]);
    }

    static double eyeDistance(float[] t) {
        return Math.hypot(t[0] - t[2], t[1] - t[3]);
    }

    static double headTurn(float[] t) {
        float noseX = t[2 * Keypoint.NOSE_TIP.ordinal()];
        double midX = (t[0] + t[2]) / 2.0;
        return Math.abs(noseX - midX) / eyeDistance(t);
    }

    static double brightness(GrayImage image, float[] t) {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int k = 0; k < Keypoint.COUNT; k++) {
            if (Float.isNaN(t[2 * k]) || Float.isNaN(t[2 * k + 1])) {
                continue;
            }
            minX = Math.min(minX, t[2 * k]);
            maxX = Math.max(maxX, t[2 * k]);
            minY = Math.min(minY, t[2 * k + 1]);
            maxY = Math.max(maxY, t[2 * k + 1]);
        }
        double pad = eyeDistance(t) / 3;
        int x0 = (int) Math.max(0, Math.floor(minX - pad));
        int y0 = (int) Math.max(0, Math.floor(minY - pad));
        int x1 = (int) Math.min(image.width() - 1, Math.ceil(maxX + pad));
        int y1 = (int) Math.min(image.height() - 1, Math.ceil(maxY + pad));
        long sum = 0;
        long n = 0;
        byte[] px = image.pixels();
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                sum += px[y * image.width() + x] & 0xff;
                n++;
            }
        }
        return n == 0 ? Double.NaN : (double) sum / n;
    }
}
