package dev.facestream.trainer.data;

import dev.facestream.core.crop.FaceBox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Derives a detector-like face box from labelled eye centres, for the images where the detector
 * finds no face. Its four ratios are the medians over the images where it did:
 * box height / eye distance, (box centre y - eye midpoint y) / height, (box centre x - eye
 * midpoint x) / width, width / height.
 */
public record LabelBoxRule(double heightPerEyeDistance, double centerYOffset, double centerXOffset,
        double aspect, int calibratedOn) {

    /** Used when no image was detected at all: the medians measured on the shared 68-point data. */
    static final LabelBoxRule FALLBACK = new LabelBoxRule(2.93, 0.110, -0.012, 0.76, 0);

    public FaceBox boxFor(float[] keypoints) {
        double ex = (keypoints[0] + keypoints[2]) / 2.0;
        double ey = (keypoints[1] + keypoints[3]) / 2.0;
        double ed = Math.hypot(keypoints[0] - keypoints[2], keypoints[1] - keypoints[3]);
        double h = ed * heightPerEyeDistance;
        double w = h * aspect;
        double cx = ex + centerXOffset * w;
        double cy = ey + centerYOffset * h;
        return new FaceBox((float) (cx - w / 2), (float) (cy - h / 2), (float) w, (float) h, 0f);
    }

    static LabelBoxRule calibrate(List<LabelledFace> faces, Map<String, FaceBox> detected) {
        List<double[]> r = new ArrayList<>();
        for (LabelledFace f : faces) {
            FaceBox b = detected.get(f.id());
            float[] k = f.keypoints();
            if (b == null || Float.isNaN(k[0]) || Float.isNaN(k[2])) {
                continue;
            }
            double ex = (k[0] + k[2]) / 2.0;
            double ey = (k[1] + k[3]) / 2.0;
            double ed = Math.hypot(k[0] - k[2], k[1] - k[3]);
            if (ed < 1) {
                continue;
            }
            r.add(new double[] {b.height() / ed, (b.centerY() - ey) / b.height(), (b.centerX() - ex) / b.width(),
                b.width() / b.height()});
        }
        if (r.isEmpty()) {
            return FALLBACK;
        }
        return new LabelBoxRule(median(r, 0), median(r, 1), median(r, 2), median(r, 3), r.size());
    }

    private static double median(List<double[]> rows, int col) {
        double[] v = rows.stream().mapToDouble(x -> x[col]).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
