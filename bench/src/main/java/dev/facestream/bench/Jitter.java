package dev.facestream.bench;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.face.FaceDetector;
import dev.facestream.model.KeypointModel;
import dev.facestream.producer.CapturedFrame;
import dev.facestream.producer.FaceCropper;
import dev.facestream.producer.FrameSource;
import dev.facestream.producer.FrameSources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How much keypoints shake from frame to frame on a video of one face: each point's distance from
 * the mean of its own positions in the five frames centred on it, in the frame, divided by that
 * frame's crop scale so that it reads in the model's 96x96 crop pixels (the Kaggle set's pixels,
 * whatever the video's size). Motion that is smooth over five frames (a head turning) mostly
 * cancels in the centred mean; what is left is noise: the model's, and the face detector's box
 * moving the crop under the face. A point counts only where the track holds the face, with every
 * point finite, in all five frames.
 */
final class Jitter {
    /** Frames in the centred mean; odd. */
    static final int WINDOW = 5;

    private Jitter() {
    }

    /**
     * One frame of a face's track.
     *
     * @param xy    the keypoints in frame pixels, {@code x0, y0, x1, y1, ...}
     * @param scale crop pixels per frame pixel of the crop the keypoints came from
     */
    record Point(float[] xy, double scale) {
    }

    /**
     * @param frames       frames in the track (with and without the face)
     * @param framesCentred frames whose five-frame window was complete
     * @param medianPx     median over every point and such frame, crop px
     * @param p90Px        90th percentile, crop px
     * @param perKeypoint  median and p90 per keypoint, in keypoint order
     */
    record Result(int frames, int framesCentred, double medianPx, double p90Px, List<double[]> perKeypoint) {
    }

    /**
     * The jitter of the longest-lived face of {@code video}'s first {@code maxFrames} frames, cut
     * as the producer cuts them (faces detected on every frame) and run through {@code model} as
     * the detector runs it.
     */
    static Result onVideo(Path video, KeypointModel model, int maxFrames) throws IOException {
        List<List<FaceCropRecord>> frames = new ArrayList<>();
        Map<Long, Integer> seen = new HashMap<>();
        try (FrameSource s = FrameSources.open(video.toString());
             FaceCropper cropper = new FaceCropper("bench-jitter", FaceDetector.create())) {
            CapturedFrame f;
            while (frames.size() < maxFrames && (f = s.next()) != null) {
                List<FaceCropRecord> crops = cropper.crops(f);
                crops.forEach(c -> seen.merge(c.track(), 1, Integer::sum));
                frames.add(crops);
            }
        }
        long track = seen.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElseThrow(() -> new IOException("no face found in " + video + ": jitter needs a video with a face"));
        List<FaceCropRecord> crops = new ArrayList<>();
        for (List<FaceCropRecord> f : frames) {
            f.stream().filter(c -> c.track() == track).findFirst().ifPresentOrElse(crops::add, () -> crops.add(null));
        }
        List<GrayImage> images = crops.stream().filter(c -> c != null).map(FaceCropRecord::crop).toList();
        List<CropKeypoints> found = new ArrayList<>();
        try (Predictor<List<GrayImage>, List<CropKeypoints>> p = model.newPredictor()) {
            for (int i = 0; i < images.size(); i += 32) {
                found.addAll(p.predict(images.subList(i, Math.min(images.size(), i + 32))));
            }
        } catch (TranslateException e) {
            throw new IllegalStateException("the keypoint model failed on the jitter clip: " + e.getMessage(), e);
        }
        List<Point> points = new ArrayList<>();
        int next = 0;
        for (FaceCropRecord c : crops) {
            if (c == null) {
                points.add(null);
            } else {
                points.add(new Point(found.get(next++).inFrame(c.transform()), c.transform().scale()));
            }
        }
        return of(points, Keypoint.COUNT);
    }

    /** The jitter of a track: one entry per frame, null where the face was not found. */
    static Result of(List<Point> track, int keypoints) {
        List<List<Double>> perPoint = new ArrayList<>();
        for (int k = 0; k < keypoints; k++) {
            perPoint.add(new ArrayList<>());
        }
        List<Double> all = new ArrayList<>();
        int half = WINDOW / 2;
        int centred = 0;
        for (int i = half; i + half < track.size(); i++) {
            if (!complete(track, i - half, i + half, keypoints)) {
                continue;
            }
            centred++;
            Point p = track.get(i);
            for (int k = 0; k < keypoints; k++) {
                double mx = 0;
                double my = 0;
                for (int j = i - half; j <= i + half; j++) {
                    mx += track.get(j).xy()[2 * k];
                    my += track.get(j).xy()[2 * k + 1];
                }
                mx /= WINDOW;
                my /= WINDOW;
                double d = Math.hypot(p.xy()[2 * k] - mx, p.xy()[2 * k + 1] - my) * p.scale();
                perPoint.get(k).add(d);
                all.add(d);
            }
        }
        List<double[]> per = new ArrayList<>();
        for (List<Double> d : perPoint) {
            per.add(new double[] {percentile(d, 50), percentile(d, 90)});
        }
        return new Result(track.size(), centred, percentile(all, 50), percentile(all, 90), per);
    }

    private static boolean complete(List<Point> track, int from, int to, int keypoints) {
        for (int j = from; j <= to; j++) {
            Point p = track.get(j);
            if (p == null || !(p.scale() > 0) || p.xy().length < 2 * keypoints) {
                return false;
            }
            for (int c = 0; c < 2 * keypoints; c++) {
                if (!Float.isFinite(p.xy()[c])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Linear interpolation between closest ranks; NaN for no values. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        double rank = p / 100 * (v.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return v[lo] + (v[hi] - v[lo]) * (rank - lo);
    }
}
