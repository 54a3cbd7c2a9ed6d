package dev.facestream.trainer.confidence;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.face.FaceDetector;
import dev.facestream.model.FaceConfidence;
import dev.facestream.model.KeypointNetwork;
import dev.facestream.model.ModelDirectory;
import dev.facestream.model.ModelMetadata;
import dev.facestream.model.Preprocessing;
import dev.facestream.trainer.data.FaceBoxes;
import dev.facestream.trainer.data.KaggleCsvReader;
import dev.facestream.trainer.data.LabelledFace;
import dev.facestream.trainer.data.NegativeCrop;
import dev.facestream.trainer.data.PersonSplit;
import dev.facestream.trainer.eval.ConfidenceMetrics;
import dev.facestream.trainer.eval.KeypointMetrics;
import dev.facestream.trainer.eval.NegativeConfidence;
import dev.facestream.trainer.train.Augmentation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * The confidence step: gives a trained keypoint network a confidence head without changing a
 * single served coordinate.
 *
 * <ol>
 *   <li>The trained network runs in inference mode on augmented crops of the <em>training</em>
 *       persons; for each crop it keeps the 256 features the output layer reads and each served
 *       point's L1 error against the label.</li>
 *   <li>15 new output rows are fitted on those frozen features: row k predicts {@code s_k}, the log
 *       of point k's expected error, by minimising the exponential (Laplace) negative
 *       log-likelihood {@code e exp(-s) + s} (Adam, plain Java: it is a 256-to-15 linear model).</li>
 *   <li>The rows are appended to the output layer: the network becomes its architecture's
 *       {@link KeypointNetwork#withConfidenceHead confidence-head variant}, every other weight copied.</li>
 *   <li>The face's relative scale ({@link FaceConfidence#relativeScale}) is turned into a
 *       probability by a logistic fit on the <em>validation</em> persons' end-to-end crops; the
 *       figures reported are cross-fitted (two folds by person, each scored by the fit on the
 *       other), so no face is scored by a calibration that saw it.</li>
 * </ol>
 *
 * <p>Crops marked "not a face" ({@code negatives.csv}) take part on the same sides of the person
 * split: those of training persons become rows of step 2 whose every point's target error is
 * {@link Settings#negativeError} predicted eye distances; those of validation persons are scored
 * by the calibrated model and reported, but step 4 is fitted on the faces alone (see
 * {@link #fit}). The served coordinates do not depend on them.
 */
public final class ConfidenceFit {
    private static final int AREA = CropRule.SIZE * CropRule.SIZE;
    private static final int BATCH = 64;
    public static final String REPORT_FILE = "confidence-report.json";
    /**
     * The default of every point's target error on a negative, in eye distances of the points the
     * network predicts on it ({@link Settings#negativeError}). A non-face has no right answer, so
     * any point is wrong; a quarter of the eye distance is 2.5 times the line between right and
     * wrong (10 %), an eye centre on the eye's corner: plainly wrong, yet inside the range of
     * errors the wrong faces make. The head is linear on frozen features, so a larger target
     * stretches its scale beyond the faces' and costs their ranking: on v4m's validation persons
     * 0.15 / 0.25 / 0.5 / 1 gave Spearman -0.464 / -0.456 / -0.431 / -0.411 and the held-out
     * negatives' median confidence 0.013 / 0.005 / 0.003 / 0.003 (docs/confidence.md; chosen on
     * those persons, so a little optimistic).
     */
    public static final double NEGATIVE_ERROR = 0.25;

    /**
     * @param rounds       augmented passes over the training faces (features are drawn afresh each round)
     * @param epochs       passes of the head's optimiser over the collected features
     * @param learningRate Adam's step
     * @param l2           weight decay on the head's weights
     * @param seed         seeds the augmentation and the batch order
     * @param errorModels  networks trained without one fold of the training persons each, whose errors
     *                     are the head's targets; empty: the fitted network's own errors
     * @param negativeError every point's target error on a negative of a training person, in eye
     *                     distances of the points predicted on it ({@link #NEGATIVE_ERROR} says why)
     */
    public record Settings(int rounds, int epochs, double learningRate, double l2, long seed,
            Augmentation augmentation, @JsonProperty("error_models") List<String> errorModels,
            @JsonProperty("negative_error_eye_distances") double negativeError) {
        public Settings {
            if (!(negativeError > 0) || Double.isInfinite(negativeError)) {
                throw new IllegalArgumentException("negative error " + negativeError
                        + ": expected a number of eye distances above 0");
            }
        }

        public static Settings defaults(Augmentation augmentation, long seed) {
            return new Settings(6, 30, 0.003, 1e-4, seed, augmentation, List.of(), NEGATIVE_ERROR);
        }

        /** The same with other numbers of augmented rounds and optimiser epochs. */
        public Settings withPasses(int rounds, int epochs) {
            return new Settings(rounds, epochs, learningRate, l2, seed, augmentation, errorModels, negativeError);
        }

        /** The same with another target error for the negatives, in eye distances. */
        public Settings withNegativeError(double eyeDistances) {
            return new Settings(rounds, epochs, learningRate, l2, seed, augmentation, errorModels, eyeDistances);
        }

        /**
         * The same with the head's target errors taken from these networks, each trained without
         * one fold of the training persons ({@link HeldOutNetworks}); none: the fitted network's own.
         */
        public Settings withErrorModels(List<Path> dirs) {
            return new Settings(rounds, epochs, learningRate, l2, seed, augmentation,
                    dirs.stream().map(Path::toString).toList(), negativeError);
        }
    }

    /** What the step measured: the head's own fit and the cross-fitted figures on the validation persons. */
    public record Report(@JsonProperty("source_model") String sourceModel,
            @JsonProperty("architecture") String architecture,
            @JsonProperty("training_samples") int trainingSamples,
            @JsonProperty("head_loss_first_epoch") double firstLoss,
            @JsonProperty("head_loss_last_epoch") double lastLoss,
            @JsonProperty("validation_faces_found") int validationFaces,
            @JsonProperty("calibration") FaceConfidence calibration,
            @JsonProperty("confidence") ConfidenceMetrics.Summary confidence,
            @JsonProperty("confidence_cross_fitted") ConfidenceMetrics.Summary crossFitted,
            @JsonProperty("face_detector_score") ConfidenceMetrics.Summary detectorScore,
            @JsonProperty("not_served_scale_and_disagreement_cross_fitted") ConfidenceMetrics.Summary withDisagreement,
            @JsonProperty("kaggle_rmse_px") double kaggleRmsePx,
            @JsonProperty("settings") Settings settings,
            @JsonProperty("negatives") NegativeFigures negatives) {
    }

    /**
     * What the negatives did: how many crops of training persons entered the head's fit, how many
     * of validation persons were held out, and those held-out crops' confidence, as served and
     * cross-fitted by person (each scored by the other fold's calibration of the faces).
     */
    public record NegativeFigures(@JsonProperty("in_head_fit") int inHeadFit,
            @JsonProperty("held_out") int heldOut,
            @JsonProperty("held_out_confidence") NegativeConfidence.Summary served,
            @JsonProperty("held_out_confidence_cross_fitted") NegativeConfidence.Summary crossFitted) {
    }

    private ConfidenceFit() {
    }

    /**
     * Writes to {@code outDir} the model of {@code modelDir} with a fitted and calibrated confidence
     * head, its metadata ({@code model_version} {@code version}) and {@link #REPORT_FILE}.
     */
    public static Report run(Path modelDir, List<LabelledFace> train, List<LabelledFace> validation, FaceBoxes boxes,
            Path outDir, String version, String commandLine, Settings settings, PrintStream log) throws IOException {
        return run(modelDir, train, validation, PersonSplit.Negatives.NONE, boxes, outDir, version, commandLine,
                settings, log);
    }

    /** As above, with the crops marked "not a face" on the two sides of the same person split. */
    public static Report run(Path modelDir, List<LabelledFace> train, List<LabelledFace> validation,
            PersonSplit.Negatives negatives, FaceBoxes boxes, Path outDir, String version, String commandLine,
            Settings settings, PrintStream log) throws IOException {
        ModelMetadata source = ModelDirectory.readMetadata(modelDir);
        String architecture = KeypointNetwork.withConfidenceHead(source.architecture());
        if (architecture == null) {
            throw new IllegalArgumentException(modelDir + " is a " + source.architecture()
                    + " network, which has no confidence-head variant (kpcnn-v3 and kpcnn-v3c have)");
        }
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("the confidence step needs training and validation faces (got "
                    + train.size() + " and " + validation.size() + ")");
        }
        Preprocessing preprocessing = source.preprocessing();
        try (Model trained = Model.newInstance(ModelDirectory.MODEL_NAME, ai.djl.Device.cpu(), "PyTorch")) {
            SequentialBlock net = KeypointNetwork.build(source.architecture(), 0f);
            trained.setBlock(net);
            try {
                trained.load(modelDir, ModelDirectory.MODEL_NAME);
            } catch (MalformedModelException e) {
                throw new IOException("cannot load " + modelDir + ": " + e.getMessage(), e);
            }
            Features features;
            try (HeldOutNetworks heldOut = settings.errorModels().isEmpty() ? null : HeldOutNetworks.load(
                    settings.errorModels().stream().map(Path::of).toList(), source, modelDir, train)) {
                features = collect(net, heldOut, trained.getNDManager(), preprocessing, train, negatives.train(), boxes,
                        settings, log);
            }
            LaplaceHead head = LaplaceHead.fit(features.x, features.error, features.mask, features.count,
                    settings, log);
            try (Model out = Model.newInstance(ModelDirectory.MODEL_NAME, ai.djl.Device.cpu(), "PyTorch")) {
                SequentialBlock withHead = KeypointNetwork.build(architecture, 0f);
                withHead.initialize(out.getNDManager(), DataType.FLOAT32, KeypointNetwork.INPUT_SHAPE);
                transplant(net, withHead, head);
                out.setBlock(withHead);
                Files.createDirectories(outDir);
                copyOtherFiles(modelDir, outDir);
                // epoch 0, always: without it DJL numbers the file after any it finds in the
                // directory, and the step run in place (train's last step) would leave the head in
                // keypoints-0001.params beside the trained weights without it
                out.setProperty("Epoch", "0");
                out.save(outDir, ModelDirectory.MODEL_NAME);
                Calibration cal = calibrate(withHead, out.getNDManager(), preprocessing, validation,
                        negatives.validation(), log);
                long parameters = withHead.getParameters().values().stream()
                        .mapToLong(p -> p.getArray().getShape().size()).sum();
                Report report = new Report(modelDir.toString(), architecture, features.faceRows, head.firstLoss(),
                        head.lastLoss(), cal.faces, cal.fit, cal.served, cal.crossFitted, cal.detectorScore,
                        cal.withDisagreement, cal.rmse, settings, new NegativeFigures(negatives.train().size(),
                                negatives.validation().size(), cal.negatives,
                                cal.negativesCrossFitted));
                ModelDirectory.writeMetadata(outDir, withConfidence(source, architecture, parameters, cal.fit, report,
                        version, commandLine));
                ModelDirectory.JSON.writeValue(outDir.resolve(REPORT_FILE).toFile(), report);
                return report;
            }
        }
    }

    /** Features and errors of augmented training crops, flattened: the faces' rows, then the negatives'. */
    private record Features(float[] x, float[] error, float[] mask, int count, int faceRows) {
    }

    /**
     * Runs the augmented training crops through {@code net} for the features; the errors are
     * {@code net}'s own, or with {@code heldOut} those of the network that never saw the face's person.
     * The negatives' rows follow ({@link #addNegatives}), drawn after the faces' so that without
     * negatives the rows are what they were.
     */
    private static Features collect(SequentialBlock net, HeldOutNetworks heldOut, NDManager manager,
            Preprocessing preprocessing, List<LabelledFace> train, List<NegativeCrop> negatives, FaceBoxes boxes,
            Settings settings, PrintStream log) {
        int n = (train.size() + negatives.size()) * settings.rounds();
        float[] x = new float[n * LaplaceHead.FEATURES];
        float[] error = new float[n * Keypoint.COUNT];
        float[] mask = new float[n * Keypoint.COUNT];
        Random rng = new Random(settings.seed());
        long t0 = System.nanoTime();
        int row = 0;
        double ownErrorSum = 0;
        double targetErrorSum = 0;
        for (int round = 0; round < settings.rounds(); round++) {
            for (int from = 0; from < train.size(); from += BATCH) {
                int b = Math.min(BATCH, train.size() - from);
                float[] input = new float[b * AREA];
                float[][] labels = new float[b][];
                List<GrayImage> crops = new ArrayList<>(b);
                for (int i = 0; i < b; i++) {
                    LabelledFace f = train.get(from + i);
                    Augmentation.Sample s = settings.augmentation().sample(f.image(), boxes.get(f).box(),
                            f.keypoints(), rng);
                    preprocessing.toInput(s.crop(), input, i * AREA);
                    labels[i] = s.keypoints();
                    crops.add(s.crop());
                }
                try (NDManager m = manager.newSubManager()) {
                    NDList in = new NDList(m.create(input, new Shape(b, 1, CropRule.SIZE, CropRule.SIZE)));
                    Forward fw = forward(net, m, in);
                    float[] feats = fw.features.toFloatArray();
                    float[] out = fw.output.toFloatArray();
                    int outputs = (int) fw.output.getShape().get(1);
                    List<List<CropKeypoints>> heldOutOut = new ArrayList<>();
                    for (int f = 0; heldOut != null && f < heldOut.count(); f++) {
                        heldOutOut.add(heldOut.predict(f, crops));
                    }
                    System.arraycopy(feats, 0, x, row * LaplaceHead.FEATURES, b * LaplaceHead.FEATURES);
                    for (int i = 0; i < b; i++, row++) {
                        int fold = heldOut == null ? -1 : heldOut.foldOf(train.get(from + i));
                        for (int k = 0; k < Keypoint.COUNT; k++) {
                            float lx = labels[i][2 * k];
                            float ly = labels[i][2 * k + 1];
                            boolean present = !Float.isNaN(lx) && !Float.isNaN(ly);
                            float own = l1(Preprocessing.toCropCoordinate(out[i * outputs + 2 * k]),
                                    Preprocessing.toCropCoordinate(out[i * outputs + 2 * k + 1]), lx, ly);
                            float target = own;
                            if (fold >= 0) {
                                float[] xy = heldOutOut.get(fold).get(i).xy();
                                target = l1(xy[2 * k], xy[2 * k + 1], lx, ly);
                            }
                            error[row * Keypoint.COUNT + k] = present ? target : 0f;
                            mask[row * Keypoint.COUNT + k] = present ? 1f : 0f;
                            if (present) {
                                ownErrorSum += own;
                                targetErrorSum += target;
                            }
                        }
                    }
                }
            }
        }
        log.printf(Locale.ROOT, "confidence step: %d augmented training crops through the frozen network (%.1fs)%n",
                row, (System.nanoTime() - t0) / 1e9);
        if (heldOut != null) {
            // the point of held-out targets: on its own training persons the network errs less, and
            // this ratio says by how much
            log.printf(Locale.ROOT, "confidence step: targets are the errors of %d networks that never saw the face's "
                    + "person (%s); their mean L1 error is %.2fx the fitted network's own on the same crops%n",
                    heldOut.count(), heldOut.dirs(), targetErrorSum / Math.max(ownErrorSum, 1e-12));
        }
        int faceRows = row;
        row = addNegatives(net, manager, preprocessing, negatives, settings, rng, x, error, mask, row);
        if (!negatives.isEmpty()) {
            log.printf(Locale.ROOT, "confidence step: %d augmented crops of %d negatives of training persons, every "
                    + "point's target error %.2f predicted eye distances%n", row - faceRows, negatives.size(),
                    settings.negativeError());
        }
        return new Features(x, error, mask, row, faceRows);
    }

    /**
     * The rows of the negatives from {@code row} on: augmented as the faces are (each is a crop
     * already, so its box is the identity), with every point's target error
     * {@link Settings#negativeError} eye distances of the points the network predicts on it.
     * Returns the row after the last.
     */
    private static int addNegatives(SequentialBlock net, NDManager manager, Preprocessing preprocessing,
            List<NegativeCrop> negatives, Settings settings, Random rng, float[] x, float[] error, float[] mask,
            int row) {
        FaceBox whole = KaggleCsvReader.identityBox();
        float[] noLabels = new float[Keypoint.COORDINATES];
        Arrays.fill(noLabels, Float.NaN);
        for (int round = 0; round < settings.rounds(); round++) {
            for (int from = 0; from < negatives.size(); from += BATCH) {
                int b = Math.min(BATCH, negatives.size() - from);
                float[] input = new float[b * AREA];
                for (int i = 0; i < b; i++) {
                    GrayImage crop = negatives.get(from + i).crop();
                    preprocessing.toInput(settings.augmentation().sample(crop, whole, noLabels, rng).crop(), input,
                            i * AREA);
                }
                try (NDManager m = manager.newSubManager()) {
                    Forward fw = forward(net, m, new NDList(m.create(input, new Shape(b, 1, CropRule.SIZE,
                            CropRule.SIZE))));
                    System.arraycopy(fw.features.toFloatArray(), 0, x, row * LaplaceHead.FEATURES,
                            b * LaplaceHead.FEATURES);
                    float[] out = fw.output.toFloatArray();
                    int outputs = (int) fw.output.getShape().get(1);
                    for (int i = 0; i < b; i++, row++) {
                        float[] cropXy = new float[Keypoint.COORDINATES];
                        for (int j = 0; j < cropXy.length; j++) {
                            cropXy[j] = Preprocessing.toCropCoordinate(out[i * outputs + j]);
                        }
                        float target = (float) (settings.negativeError() * FaceConfidence.eyeDistance(cropXy)
                                / Preprocessing.HALF);
                        Arrays.fill(error, row * Keypoint.COUNT, (row + 1) * Keypoint.COUNT, target);
                        Arrays.fill(mask, row * Keypoint.COUNT, (row + 1) * Keypoint.COUNT, 1f);
                    }
                }
            }
        }
        return row;
    }

    /** A point's L1 error in output units, from its prediction and label in crop pixels. */
    private static float l1(float px, float py, float lx, float ly) {
        return (Math.abs(px - lx) + Math.abs(py - ly)) / Preprocessing.HALF;
    }

    /** The output layer's input (the features) and its output, in inference mode. */
    private record Forward(NDArray features, NDArray output) {
    }

    private static Forward forward(SequentialBlock net, NDManager m, NDList input) {
        ParameterStore ps = new ParameterStore(m, false);
        List<Pair<String, Block>> children = net.getChildren().stream().toList();
        NDList x = input;
        for (int i = 0; i < children.size() - 1; i++) {
            x = children.get(i).getValue().forward(ps, x, false);
        }
        NDList out = children.get(children.size() - 1).getValue().forward(ps, x, false);
        return new Forward(x.singletonOrThrow(), out.singletonOrThrow());
    }

    /**
     * Copies every weight of {@code from} into {@code to} (the same layers), and into the output
     * layer the rows {@code from} has for the coordinates and 68 points, then the head's 15 rows.
     */
    static void transplant(SequentialBlock from, SequentialBlock to, LaplaceHead head) {
        List<Pair<String, Parameter>> src = from.getParameters().stream().toList();
        List<Pair<String, Parameter>> dst = to.getParameters().stream().toList();
        if (src.size() != dst.size()) {
            throw new IllegalStateException("networks differ in their layers: " + src.size() + " and " + dst.size()
                    + " parameters");
        }
        Parameter headWeight = KeypointNetwork.headWeight(to);
        for (int i = 0; i < src.size(); i++) {
            Parameter s = src.get(i).getValue();
            Parameter d = dst.get(i).getValue();
            float[] values = s.getArray().toFloatArray();
            Shape shape = d.getArray().getShape();
            if (d == headWeight || (i == src.size() - 1 && "bias".equals(d.getName()))) {
                int rows = (int) shape.get(0) - Keypoint.COUNT;
                int width = d == headWeight ? (int) shape.get(1) : 1;
                float[] merged = new float[(int) shape.size()];
                System.arraycopy(values, 0, merged, 0, rows * width);
                float[] extra = d == headWeight ? head.weights() : head.bias();
                System.arraycopy(extra, 0, merged, rows * width, extra.length);
                values = merged;
            } else if (!s.getArray().getShape().equals(shape)) {
                throw new IllegalStateException(src.get(i).getKey() + " is " + s.getArray().getShape()
                        + " but " + shape + " in the network with a confidence head");
            }
            d.getArray().set(values);
        }
    }

    /** The calibration and the figures it was judged by. */
    private record Calibration(FaceConfidence fit, ConfidenceMetrics.Summary served, ConfidenceMetrics.Summary crossFitted,
            ConfidenceMetrics.Summary detectorScore, ConfidenceMetrics.Summary withDisagreement, int faces,
            double rmse, NegativeConfidence.Summary negatives, NegativeConfidence.Summary negativesCrossFitted) {
    }

    /**
     * One validation face as served: its relative scale, relative error, detector score and person.
     * A negative has an infinite relative error (no point of it is right) and no detector score: it is
     * scored, but enters neither the logistic ({@link #fit}) nor any face's figure.
     */
    private record Scored(FaceConfidence.Signals signals, double relativeError, double detectorScore, String person) {
        boolean negative() {
            return relativeError == Double.POSITIVE_INFINITY;
        }
    }

    private static Calibration calibrate(SequentialBlock withHead, NDManager manager, Preprocessing preprocessing,
            List<LabelledFace> validation, List<NegativeCrop> negatives, PrintStream log) {
        List<Scored> scored = new ArrayList<>();
        KeypointMetrics rmse = new KeypointMetrics();
        try (FaceDetector detector = FaceDetector.create()) {
            for (LabelledFace face : validation) {
                FaceBox box = FaceBoxes.detect(detector, face);
                if (box == null) {
                    continue;
                }
                CropTransform t = CropRule.forBox(box);
                GrayImage crop = CropRule.crop(face.image(), t);
                float[] out = outputOf(withHead, manager, preprocessing, crop);
                float[] cropXy = new float[Keypoint.COORDINATES];
                for (int j = 0; j < cropXy.length; j++) {
                    cropXy[j] = Preprocessing.toCropCoordinate(out[j]);
                }
                float[] inImage = t.keypointsToImage(cropXy);
                rmse.add(inImage, face.keypoints());
                double error = KeypointMetrics.relativeError(inImage, face.keypoints());
                if (Double.isFinite(error)) {
                    scored.add(new Scored(FaceConfidence.signals(out, 0), error, box.score(), face.person()));
                }
            }
        }
        int faces = scored.size();
        // two folds by person (sorted names, alternating), each scored by the other's fit; the
        // served calibration uses the head's scale alone, and the scale with the 15-vs-68
        // disagreement is reported beside it (docs/confidence.md says why it is not served). The
        // persons of negatives without validation faces come after the faces' persons, so that the
        // faces' folds are those they were without negatives
        List<String> persons = new ArrayList<>(new TreeSet<>(scored.stream().map(Scored::person).toList()));
        for (NegativeCrop n : negatives) {
            scored.add(new Scored(FaceConfidence.signals(outputOf(withHead, manager, preprocessing, n.crop()), 0),
                    Double.POSITIVE_INFINITY, Double.NaN, n.person()));
        }
        new TreeSet<>(negatives.stream().map(NegativeCrop::person).filter(p -> !persons.contains(p)).toList())
                .forEach(persons::add);
        double[] crossFittedProbability = crossFitted(scored, persons, false);
        ConfidenceMetrics crossFitted = metrics(scored, crossFittedProbability);
        ConfidenceMetrics withDisagreement = metrics(scored, crossFitted(scored, persons, true));
        FaceConfidence fit = fit(scored, false);
        ConfidenceMetrics disagreementAlone = new ConfidenceMetrics();
        scored.forEach(s -> disagreementAlone.add(-s.signals().logDisagreement(), s.relativeError()));
        log.printf(Locale.ROOT, "confidence alternatives: 15-vs-68 disagreement alone AUROC %.3f (Spearman %.3f); "
                + "scale and disagreement together AUROC %.3f (Spearman %.3f), cross-fitted%n",
                disagreementAlone.summary().auroc(), disagreementAlone.summary().spearman(),
                withDisagreement.summary().auroc(), withDisagreement.summary().spearman());
        ConfidenceMetrics detector = new ConfidenceMetrics();
        scored.forEach(s -> detector.add(s.detectorScore(), s.relativeError()));
        // the served confidence is a monotone function of the head's scale, which saw no validation
        // person: its ranking figures (AUROC, Spearman) are honest on them as they stand; only its
        // calibration used them, so the deciles to trust are the cross-fitted ones
        ConfidenceMetrics served = new ConfidenceMetrics();
        scored.forEach(s -> served.add(fit.probability(s.signals()), s.relativeError()));
        ConfidenceMetrics.Summary c = served.summary();
        ConfidenceMetrics.Summary x = crossFitted.summary();
        ConfidenceMetrics.Summary d = detector.summary();
        log.printf(Locale.ROOT, "confidence on %d validation faces (%d wrong: mean error >= %.0f%% of eye distance): "
                        + "AUROC %.3f, Spearman vs error %.3f; face detector score: AUROC %.3f, Spearman %.3f%n",
                c.faces(), c.wrongFaces(), 100 * ConfidenceMetrics.WRONG_EYE_FRACTION, c.auroc(), c.spearman(),
                d.auroc(), d.spearman());
        log.printf(Locale.ROOT, "calibration cross-fitted by person (two folds): AUROC %.3f, Spearman %.3f%n",
                x.auroc(), x.spearman());
        NegativeConfidence negativesServed = new NegativeConfidence();
        NegativeConfidence negativesCrossFitted = new NegativeConfidence();
        for (int i = 0; i < scored.size(); i++) {
            if (scored.get(i).negative()) {
                negativesServed.add(fit.probability(scored.get(i).signals()));
                negativesCrossFitted.add(crossFittedProbability[i]);
            }
        }
        if (!negatives.isEmpty()) {
            log.printf(Locale.ROOT, "held-out negatives (scored, not fitted on): %s; cross-fitted by person: %s%n",
                    negativesServed.summary().describe(), negativesCrossFitted.summary().describe());
        }
        return new Calibration(fit, c, x, d, withDisagreement.summary(), faces, rmse.summary().kaggleRmsePx(),
                negativesServed.summary(), negativesCrossFitted.summary());
    }

    /** The output row of one crop, in inference mode. */
    private static float[] outputOf(SequentialBlock net, NDManager manager, Preprocessing preprocessing,
            GrayImage crop) {
        float[] input = new float[AREA];
        preprocessing.toInput(crop, input, 0);
        try (NDManager m = manager.newSubManager()) {
            return forward(net, m, new NDList(m.create(input, KeypointNetwork.INPUT_SHAPE))).output.toFloatArray();
        }
    }

    /** The faces' figures of a probability per scored row (the negatives' rows have no relative error to rank). */
    private static ConfidenceMetrics metrics(List<Scored> scored, double[] probability) {
        ConfidenceMetrics out = new ConfidenceMetrics();
        for (int i = 0; i < scored.size(); i++) {
            out.add(probability[i], scored.get(i).relativeError());
        }
        return out;
    }

    /**
     * The logistic of "right" on the scale, fitted on the faces alone: the confidence is the
     * probability that a face's points are right, and the negatives, scored but not fitted on, would
     * shift it by their share of the rows, which says how many a reviewer marked, not how often a
     * face is wrong (measured: docs/confidence.md, "Negatives").
     */
    private static FaceConfidence fit(List<Scored> scored, boolean disagreement) {
        List<Scored> faces = scored.stream().filter(s -> !s.negative()).toList();
        return Logistic.fit(faces.stream().map(Scored::signals).toList(),
                faces.stream().map(s -> s.relativeError() < ConfidenceMetrics.WRONG_EYE_FRACTION).toList(),
                disagreement);
    }

    /** Each row's probability by the calibration fitted on the other fold of persons. */
    private static double[] crossFitted(List<Scored> scored, List<String> persons, boolean disagreement) {
        double[] out = new double[scored.size()];
        for (int fold = 0; fold < 2; fold++) {
            List<Scored> fitOn = new ArrayList<>();
            for (Scored s : scored) {
                if (persons.indexOf(s.person()) % 2 != fold) {
                    fitOn.add(s);
                }
            }
            FaceConfidence f = fit(fitOn, disagreement);
            for (int i = 0; i < scored.size(); i++) {
                if (persons.indexOf(scored.get(i).person()) % 2 == fold) {
                    out[i] = f.probability(scored.get(i).signals());
                }
            }
        }
        return out;
    }

    private static ModelMetadata withConfidence(ModelMetadata m, String architecture, long parameters,
            FaceConfidence fit, Report report, String version, String commandLine) {
        Map<String, Object> metrics = new LinkedHashMap<>(m.metrics() == null ? Map.of() : m.metrics());
        metrics.put("confidence_auroc_wrong", report.confidence().auroc());
        metrics.put("confidence_spearman_vs_error", report.confidence().spearman());
        metrics.put("face_detector_score_auroc_wrong", report.detectorScore().auroc());
        Map<String, Object> training = new LinkedHashMap<>(m.training() == null ? Map.of() : m.training());
        training.put("confidence_step", Map.of("from_model", m.modelVersion(), "from_dir", report.sourceModel(),
                "training_samples", report.trainingSamples(), "negatives_in_head_fit", report.negatives().inHeadFit(),
                "negatives_held_out", report.negatives().heldOut(), "report", REPORT_FILE));
        String command = m.command() + (commandLine == null ? "" : "\n" + commandLine);
        return new ModelMetadata(m.format(), version, java.time.Instant.now().toString(), architecture, parameters,
                m.keypoints(), m.inputSize(), m.normalization(),
                m.output() + "; then 136 values of the 68 points; then 15 log error scales (confidence head)",
                m.cropRule(), m.dataFingerprint(), m.hyperparameters(), metrics, training, command,
                new ModelMetadata.Inference(m.inferenceOrPlain().testTimeFlip(), fit));
    }

    private static void copyOtherFiles(Path from, Path to) throws IOException {
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && !from.equals(to) && !name.equals(ModelDirectory.PARAMS_FILE)
                        && !name.equals(ModelDirectory.METADATA_FILE) && !name.equals(REPORT_FILE)) {
                    Files.copy(f, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
