package dev.facestream.cli;

import ai.djl.inference.Predictor;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.model.KeypointModel;
import dev.facestream.model.ModelDirectory;
import dev.facestream.trainer.data.TrainingData;
import dev.facestream.trainer.degrade.Degradation;
import dev.facestream.trainer.eval.Evaluator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facestream evaluate}: accuracy of a model on labelled data, end to end. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a model end to end (detector crop -> keypoints) on labelled faces; prints and writes JSON.")
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--data", required = true, paramLabel = DataSourceConverter.PARAM_LABEL, converter = DataSourceConverter.class,
            description = "68-point folder, Kaggle CSV or a folder holding training.csv; repeat for several sources "
                    + "(the split is over them all, as in train; a WEIGHT, as train takes, is accepted and changes "
                    + "nothing here: the split does not depend on it). A folder's negatives.csv is scored too: the "
                    + "confidence of its crops marked \"not a face\"")
    List<TrainingData.Source> data;

    @Option(names = "--out", description = "JSON report file (default: evaluation.json)", defaultValue = "evaluation.json")
    Path out;

    @Option(names = "--split", defaultValue = "all",
            description = "all, or validation: only the persons the model's seed held out (same split as train)")
    String split;

    @Option(names = "--test-time-flip", arity = "1", paramLabel = "true|false",
            description = "override the model's own test-time flip setting (for A/B comparisons)")
    Boolean testTimeFlip;
    @Option(names = "--skip-bad") boolean skipBad;
    @Option(names = "--degrade", paramLabel = "KIND:STRENGTH", converter = DegradationConverter.class,
            description = "degrade every image before the face detector, as a camera or stream would: jpeg:Q "
                    + "(quality 1-100), motion-blur:L (a smear over L px, random angle) or low-light:F (light times F "
                    + "with sensor noise); seeded per image, so runs compare")
    Degradation degrade;

    /** Lets picocli report a bad {@code --degrade} with {@link Degradation#parse}'s own message. */
    static final class DegradationConverter implements CommandLine.ITypeConverter<Degradation> {
        @Override
        public Degradation convert(String value) {
            try {
                return Degradation.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        TrainingData set = TrainingData.read(data, skipBad);
        try (KeypointModel m = model.load()) {
            boolean flip = testTimeFlip != null ? testTimeFlip : m.metadata().inferenceOrPlain().testTimeFlip();
            try (Predictor<List<GrayImage>, List<CropKeypoints>> predictor = m.newPredictor(flip)) {
                evaluate(m, predictor, set, flip);
            }
        }
        return 0;
    }

    private void evaluate(KeypointModel m, Predictor<List<GrayImage>, List<CropKeypoints>> predictor, TrainingData set,
            boolean flip) throws Exception {
        var faces = set.faces();
        var negatives = set.negatives();
        if (split.equals("validation")) {
            ModelSplit modelSplit = ModelSplit.of(model.dir, m.metadata(), set);
            faces = modelSplit.faces().validation();
            negatives = modelSplit.negatives().validation();
        } else if (!split.equals("all")) {
            throw new IllegalArgumentException("--split " + split + ": expected all or validation");
        }
        if (degrade != null) {
            // the faces' whole images, as a camera would deliver them; the negatives are crops already
            faces = Evaluator.degraded(faces, degrade);
        }
        Evaluator.Result r = Evaluator.evaluate(faces, negatives, predictor, null);
        boolean hasHead = m.metadata().inferenceOrPlain().confidence() != null;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", model.dir.toString());
        report.put("model_version", m.metadata().modelVersion());
        report.put("device", m.deviceName());
        report.put("data", set.describe());
        report.put("split", split);
        report.put("test_time_flip", flip);
        report.put("degradation", degrade == null ? "none" : degrade.toString());
        report.put("result", r);
        ModelDirectory.JSON.writeValue(out.toFile(), report);
        System.out.printf(Locale.ROOT, "model %s on %s (%s, %d images%s)%n", m.metadata().modelVersion(),
                set.describe(), split, r.images(), degrade == null ? "" : ", each degraded " + degrade);
        System.out.printf(Locale.ROOT, "  faces found            %d / %d (%.1f%%)%n", r.facesFound(), r.images(),
                100 * r.detectionRate());
        System.out.printf(Locale.ROOT, "  Kaggle-equivalent RMSE %.3f px%n", r.metrics().kaggleRmsePx());
        System.out.printf(Locale.ROOT, "  NME                    %.2f %%%n", r.metrics().nmePercent());
        System.out.printf(Locale.ROOT, "  I2DL score             %.0f%n", r.metrics().i2dlScore());
        System.out.printf(Locale.ROOT, "  time per face          %.2f ms detect + %.2f ms model (batch 1, %s)%n",
                r.msPerFaceDetect(), r.msPerFaceModel(), m.deviceName());
        r.metrics().perKeypointRmsePx().forEach((k, v) -> System.out.printf(Locale.ROOT, "    %-26s %.3f px%n", k, v));
        System.out.println("  by stratum (Kaggle-equivalent RMSE, faces):");
        r.byStratum().strata().forEach((stratum, buckets) -> buckets.forEach((b, s) -> System.out.printf(Locale.ROOT,
                "    %-16s %-34s %.3f px  (%d)%n", stratum, b, s.kaggleRmsePx(), s.faces())));
        if (r.confidence() != null) {
            System.out.printf(Locale.ROOT, "  confidence             AUROC %.3f for the %d wrong faces (mean error >= 10%% of eye "
                    + "distance), Spearman vs error %.3f%n", r.confidence().auroc(), r.confidence().wrongFaces(),
                    r.confidence().spearman());
            r.confidence().deciles().forEach(d -> System.out.printf(Locale.ROOT,
                    "    confidence %.3f-%.3f (mean %.3f): %3d faces, %.1f%% right%n", d.scoreMin(), d.scoreMax(),
                    d.meanScore(), d.faces(), 100 * d.observedRight()));
        } else {
            System.out.println("  confidence             " + (hasHead ? "no faces found to score"
                    : "none (the model has no confidence head)"));
        }
        System.out.printf(Locale.ROOT, "  face detector score    AUROC %.3f, Spearman vs error %.3f%n",
                r.faceDetectorScore().auroc(), r.faceDetectorScore().spearman());
        if (r.negatives() != null) {
            System.out.println("  \"not a face\" crops    " + (!hasHead ? negatives.size()
                    + " negatives, no confidence to score (the model has no confidence head)" : r.negatives().describe()));
        }
        System.out.println("  written to " + out);
    }
}
