package dev.facestream.trainer.eval;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.face.FaceDetector;
import dev.facestream.trainer.data.FaceBoxes;
import dev.facestream.trainer.data.LabelledFace;
import dev.facestream.trainer.data.NegativeCrop;
import dev.facestream.trainer.degrade.Degradation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * End-to-end evaluation, as the product runs: our face detector on the whole image, the crop
 * rule, the network at batch 1, coordinates back to image pixels, compared with the labels. An
 * image where the detector finds no face (or not the labelled one) counts against the detection
 * rate and is left out of the error figures.
 */
public final class Evaluator {
    private static final int WARM_UP_CALLS = 20;
    private Evaluator() {
    }

    /** One evaluated face, kept for the validation grid. */
    public record Prediction(LabelledFace face, FaceBox box, float[] predicted) {
    }

    public record Result(
            @JsonProperty("images") int images,
            @JsonProperty("faces_found") int facesFound,
            @JsonProperty("detection_rate") double detectionRate,
            @JsonProperty("metrics") KeypointMetrics.Summary metrics,
            @JsonProperty("ms_per_face_detect") double msPerFaceDetect,
            @JsonProperty("ms_per_face_model_batch1") double msPerFaceModel,
            @JsonProperty("ms_per_face_total") double msPerFaceTotal,
            @JsonProperty("by_stratum") Strata.Report byStratum,
            @JsonProperty("confidence") ConfidenceMetrics.Summary confidence,
            @JsonProperty("face_detector_score") ConfidenceMetrics.Summary faceDetectorScore,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("negatives") NegativeConfidence.Summary negatives) {
    }

    public static Result evaluate(List<LabelledFace> faces, Predictor<List<GrayImage>, List<CropKeypoints>> predictor,
            List<Prediction> predictionsOut) throws TranslateException {
        return evaluate(faces, List.of(), predictor, predictionsOut);
    }

    /**
     * As above, and the confidence of crops marked "not a face": they are crops already, so they go
     * to the network as they are, without the detector. The result's {@code negatives} is null
     * when there are none.
     */
    public static Result evaluate(List<LabelledFace> faces, List<NegativeCrop> negatives,
            Predictor<List<GrayImage>, List<CropKeypoints>> predictor, List<Prediction> predictionsOut)
            throws TranslateException {
        KeypointMetrics metrics = new KeypointMetrics();
        Strata strata = new Strata();
        ConfidenceMetrics confidence = new ConfidenceMetrics();
        ConfidenceMetrics detectorScore = new ConfidenceMetrics();
        long detectNanos = 0;
        long modelNanos = 0;
        int found = 0;
        try (FaceDetector detector = FaceDetector.create()) {
            warmUp(faces, detector, predictor);
            for (LabelledFace face : faces) {
                long t0 = System.nanoTime();
                FaceBox box = FaceBoxes.detect(detector, face);
                long t1 = System.nanoTime();
                detectNanos += t1 - t0;
                if (box == null) {
                    continue;
                }
                found++;
                CropTransform t = CropRule.forBox(box);
                GrayImage crop = CropRule.crop(face.image(), t);
                long t2 = System.nanoTime();
                CropKeypoints out = predictor.predict(List.of(crop)).get(0);
                modelNanos += System.nanoTime() - t2;
                float[] inImage = out.inFrame(t);
                metrics.add(inImage, face.keypoints());
                strata.add(face, inImage);
                double relativeError = KeypointMetrics.relativeError(inImage, face.keypoints());
                confidence.add(out.confidence(), relativeError);
                detectorScore.add(box.score(), relativeError);
                if (predictionsOut != null) {
                    predictionsOut.add(new Prediction(face, box, inImage));
                }
            }
        }
        NegativeConfidence negativeConfidence = new NegativeConfidence();
        for (NegativeCrop negative : negatives) {
            negativeConfidence.add(predictor.predict(List.of(negative.crop())).get(0).confidence());
        }
        int n = faces.size();
        double msDetect = n == 0 ? 0 : detectNanos / 1e6 / n;
        double msModel = found == 0 ? 0 : modelNanos / 1e6 / found;
        return new Result(n, found, n == 0 ? 0 : (double) found / n, metrics.summary(), msDetect, msModel,
                msDetect + msModel, strata.report(), confidence.size() == 0 ? null : confidence.summary(),
                detectorScore.summary(), negatives.isEmpty() ? null : negativeConfidence.summary());
    }

    /**
     * The faces with their whole images degraded (the labels unchanged), for measuring a model on
     * faces as a poor camera or stream delivers them. Each image's randomness (the blur's angle, the
     * noise) is seeded by its id, so two models, or two runs, see the very same degraded images.
     */
    public static List<LabelledFace> degraded(List<LabelledFace> faces, Degradation degradation) {
        List<LabelledFace> out = new ArrayList<>(faces.size());
        for (LabelledFace f : faces) {
            Random rng = new Random(f.id().hashCode() * 0x9E3779B97F4A7C15L);
            out.add(new LabelledFace(f.id(), f.person(), degradation.apply(f.image(), rng), f.keypoints(), f.cropped(),
                    f.landmarks68()));
        }
        return out;
    }

    /**
     * The first calls of a fresh engine and detector allocate, load kernels and compile: a few
     * seconds that would otherwise be spread over the timed faces (7.7 instead of 4.8 ms per face
     * measured on 535 faces). Runs the first face a few times, untimed.
     */
    private static void warmUp(List<LabelledFace> faces, FaceDetector detector,
            Predictor<List<GrayImage>, List<CropKeypoints>> predictor) throws TranslateException {
        if (faces.isEmpty()) {
            return;
        }
        LabelledFace face = faces.get(0);
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            FaceBox box = FaceBoxes.detect(detector, face);
            GrayImage crop = CropRule.crop(face.image(), CropRule.forBox(box != null ? box
                    : new FaceBox(0, 0, face.image().width(), face.image().height(), 0)));
            predictor.predict(List.of(crop));
        }
    }
}
