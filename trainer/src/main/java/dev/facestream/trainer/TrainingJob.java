package dev.facestream.trainer;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.model.KeypointModel;
import dev.facestream.model.KeypointNetwork;
import dev.facestream.model.ModelDirectory;
import dev.facestream.model.ModelMetadata;
import dev.facestream.model.Preprocessing;
import dev.facestream.trainer.data.FaceBoxes;
import dev.facestream.trainer.confidence.ConfidenceFit;
import dev.facestream.trainer.data.LabelledFace;
import dev.facestream.trainer.data.PersonFolds;
import dev.facestream.trainer.data.PersonSplit;
import dev.facestream.trainer.data.TrainingData;
import dev.facestream.trainer.eval.Evaluator;
import dev.facestream.trainer.report.Charts;
import dev.facestream.trainer.report.ModelCard;
import dev.facestream.trainer.train.KeypointTrainer;
import dev.facestream.trainer.train.MirrorOffset;
import dev.facestream.trainer.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code facestream train} from data to a finished model directory: read, split by person, find
 * face boxes, train, restore the best weights, evaluate them end to end on the validation persons,
 * and write metadata, report, learning curve, validation grid and model card.
 */
public final class TrainingJob {
    private TrainingJob() {
    }

    public static ModelMetadata run(Path data, boolean skipBad, TrainingConfig cfg, Path modelDir, Path workDir,
            Path cacheDir, String commandLine, PrintStream log) throws IOException, TranslateException {
        return run(List.of(TrainingData.Source.of(data)), skipBad, cfg, modelDir, workDir, cacheDir, commandLine, log);
    }

    /** As above, from several weighted sources ({@link TrainingData}). */
    public static ModelMetadata run(List<TrainingData.Source> data, boolean skipBad, TrainingConfig cfg, Path modelDir,
            Path workDir, Path cacheDir, String commandLine, PrintStream log) throws IOException, TranslateException {
        TrainingData set = TrainingData.read(data, skipBad);
        if (!set.skipped().isEmpty()) {
            log.println("skipped " + set.skipped().size() + " bad rows (--skip-bad); first: " + set.skipped().get(0));
        }
        if (set.faces().isEmpty()) {
            throw new IOException(set.describe() + ": no usable faces");
        }
        PersonSplit split = PersonSplit.of(set.faces(), cfg.validationFraction(), cfg.seed());
        log.printf(Locale.ROOT, "%d faces: %d train, %d validation (%d validation persons, split by person, seed %d)%n",
                set.faces().size(), split.train().size(), split.validation().size(), split.validationPersons().size(),
                cfg.seed());
        // split before a fold is held out, so that a held-out fold's negatives stay with its persons
        PersonSplit.Negatives negatives = split.negatives(set.negatives(), cfg.validationFraction(), cfg.seed());
        if (!set.negatives().isEmpty()) {
            log.printf(Locale.ROOT, "%d negatives (\"not a face\", for the confidence step only): %d of training "
                    + "persons, %d of validation persons%n", set.negatives().size(), negatives.train().size(),
                    negatives.validation().size());
        }
        if (cfg.heldOutFold() != null) {
            split = withoutFold(split, cfg, log);
        }
        long t0 = System.nanoTime();
        FaceBoxes boxes = set.boxes(cacheDir);
        log.printf(Locale.ROOT, "face boxes: %d by the detector, %d derived from labels, %d whole-image crops (%.1fs)%n",
                boxes.count(FaceBoxes.Source.DETECTOR), boxes.count(FaceBoxes.Source.LABELS),
                boxes.count(FaceBoxes.Source.IMAGE), (System.nanoTime() - t0) / 1e9);

        if (cfg.flipOffsetFrom() != null && cfg.augmentation().flipProbability() > 0) {
            cfg = cfg.withAugmentation(cfg.augmentation().withMirrorOffset(
                    mirrorOffset(cfg.flipOffsetFrom(), split, boxes, log)));
        }
        KeypointTrainer.Outcome outcome = new KeypointTrainer(cfg, log).train(set.weighted(split.train(), cfg.seed()),
                split.validation(), boxes, workDir);
        KeypointTrainer.installWeights(outcome.bestParams(), modelDir);

        String version = cfg.modelVersion() != null ? cfg.modelVersion()
                : "kp-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("device", outcome.device());
        training.put("engine", "PyTorch (DJL " + ai.djl.engine.Engine.getDjlVersion() + ")");
        training.put("epochs_run", outcome.state().epochsDone());
        training.put("best_epoch", outcome.state().bestEpoch());
        training.put("best_validation_loss", outcome.state().bestValidationLoss());
        if (outcome.teachersValidationLoss() != null) {
            training.put("teachers_validation_loss", outcome.teachersValidationLoss());
        }
        training.put("stopped_early", outcome.stoppedEarly());
        training.put("seconds", Math.round(outcome.seconds()));
        training.put("train_faces", split.train().size());
        training.put("validation_faces", split.validation().size());
        training.put("validation_persons", split.validationPersons().size());
        training.put("boxes_from_detector", boxes.count(FaceBoxes.Source.DETECTOR));
        training.put("boxes_from_labels", boxes.count(FaceBoxes.Source.LABELS));
        training.put("label_box_rule", boxes.rule());
        training.put("skipped_rows", set.skipped().size());
        training.put("data", set.describe());
        ModelMetadata prelim = metadata(version, outcome.parameters(), set.fingerprint(), cfg, Map.of(), training,
                commandLine);
        ModelDirectory.writeMetadata(modelDir, prelim);

        List<Evaluator.Prediction> predictions = new ArrayList<>();
        Evaluator.Result result;
        try (KeypointModel model = KeypointModel.load(modelDir, "cpu");
             Predictor<List<GrayImage>, List<CropKeypoints>> predictor = model.newPredictor()) {
            result = Evaluator.evaluate(split.validation(), predictor, predictions);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("split", "validation persons, end to end (our detector's crop)");
        metrics.put("kaggle_rmse_px", result.metrics().kaggleRmsePx());
        metrics.put("nme_percent", result.metrics().nmePercent());
        metrics.put("i2dl_score", result.metrics().i2dlScore());
        metrics.put("detection_rate", result.detectionRate());
        metrics.put("ms_per_face_model_batch1_cpu", result.msPerFaceModel());
        metrics.put("model_bytes", Files.size(modelDir.resolve(ModelDirectory.PARAMS_FILE)));
        ModelMetadata meta = metadata(version, outcome.parameters(), set.fingerprint(), cfg, metrics, training,
                commandLine);
        ModelDirectory.writeMetadata(modelDir, meta);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model_version", version);
        report.put("command", commandLine);
        report.put("validation", result);
        report.put("training", training);
        report.put("history", outcome.state().history());
        report.put("validation_persons", split.validationPersons());
        ModelDirectory.JSON.writeValue(modelDir.resolve(ModelDirectory.REPORT_FILE).toFile(), report);
        Charts.learningCurve(outcome.state().history(), outcome.state().bestEpoch(),
                modelDir.resolve(ModelDirectory.CURVE_FILE));
        Charts.validationGrid(predictions, modelDir.resolve(ModelDirectory.GRID_FILE), 8, 4);
        Files.writeString(modelDir.resolve(ModelDirectory.CARD_FILE), ModelCard.render(meta, result));
        log.printf(Locale.ROOT, "validation (end to end, %d/%d faces found): Kaggle-equivalent RMSE %.3f px, "
                        + "NME %.2f%%, I2DL score %.0f, %.2f ms/face (model, batch 1)%n",
                result.facesFound(), result.images(), result.metrics().kaggleRmsePx(), result.metrics().nmePercent(),
                result.metrics().i2dlScore(), result.msPerFaceModel());
        if (KeypointNetwork.hasConfidenceHead(cfg.architecture())) {
            if (split.validation().isEmpty()) {
                log.println("confidence step skipped: no validation persons to calibrate on; the model's faces will "
                        + "have no confidence (null)");
            } else {
                // the head's rows learnt nothing above (their targets are masked): fit them on the
                // frozen network now, and calibrate them on the validation persons
                ConfidenceFit.run(modelDir, split.train(), split.validation(), negatives, boxes, modelDir, version, null,
                        ConfidenceFit.Settings.defaults(cfg.augmentation(), cfg.seed()), log);
                meta = ModelDirectory.readMetadata(modelDir);
            }
        }
        log.println("model written to " + modelDir.toAbsolutePath());
        return meta;
    }

    /** The split less one fold of its training persons ({@link PersonFolds}); validation unchanged. */
    private static PersonSplit withoutFold(PersonSplit split, TrainingConfig cfg, PrintStream log) {
        PersonFolds.HeldOut held = cfg.heldOutFold();
        PersonFolds folds = PersonFolds.of(split.train(), held.count(), cfg.seed());
        List<LabelledFace> train = folds.without(split.train(), held.index());
        log.printf(Locale.ROOT, "fold %s held out: %d persons, %d faces; training on the other %d faces%n", held,
                folds.persons(held.index()).size(), split.train().size() - train.size(), train.size());
        return new PersonSplit(train, split.validation(), split.validationPersons());
    }

    /** {@link MirrorOffset} measured with {@code model} on the training persons' plain live crops. */
    private static float[] mirrorOffset(Path model, PersonSplit split, FaceBoxes boxes, PrintStream log)
            throws IOException, TranslateException {
        float[] d;
        try (KeypointModel m = KeypointModel.load(model, "cpu");
             Predictor<List<GrayImage>, List<CropKeypoints>> p = m.newPredictor(false)) {
            d = MirrorOffset.estimate(split.train(), boxes, p);
        }
        StringBuilder line = new StringBuilder("mirrored crops labelled mirror(label) + d, d measured with " + model
                + " on " + split.train().size() + " training faces (crop px):");
        for (Keypoint k : Keypoint.values()) {
            line.append(String.format(Locale.ROOT, " %s %+.2f,%+.2f", k.key(), d[2 * k.ordinal()],
                    d[2 * k.ordinal() + 1]));
        }
        log.println(line);
        return d;
    }

    static ModelMetadata metadata(String version, long parameters, String fingerprint, TrainingConfig cfg,
            Map<String, Object> metrics, Map<String, Object> training, String commandLine) {
        return new ModelMetadata(ModelMetadata.FORMAT, version, Instant.now().toString(), cfg.architecture(),
                parameters, Keypoint.all().stream().map(Keypoint::key).toList(), CropRule.SIZE,
                new ModelMetadata.Normalization(1f / 255f, Preprocessing.MEAN, Preprocessing.STD, cfg.equalize()),
                "30 values x0,y0,...,x14,y14 in keypoint order; crop pixel = 48 + 48 * value",
                CropRule.VERSION, fingerprint, cfg.asMap(), metrics, training, commandLine,
                new ModelMetadata.Inference(cfg.testTimeFlip()));
    }
}
