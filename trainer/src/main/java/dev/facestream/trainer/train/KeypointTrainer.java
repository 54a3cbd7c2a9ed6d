package dev.facestream.trainer.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.model.Devices;
import dev.facestream.model.KeypointNetwork;
import dev.facestream.model.ModelDirectory;
import dev.facestream.model.Preprocessing;
import dev.facestream.trainer.data.FaceBoxes;
import dev.facestream.trainer.data.LabelledFace;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The training loop: Adam with a warm-up + cosine learning-rate schedule, masked MSE, random
 * crops from {@link Augmentation}, validation loss on the un-jittered live crops of the
 * validation persons after every epoch, early stopping with the best weights restored, and
 * checkpoints ({@code checkpoint/last}, {@code checkpoint/best}, {@code checkpoint/state.json})
 * that {@code --resume} continues from. The next batch is augmented on a second thread while
 * the engine computes the current one.
 */
public final class KeypointTrainer {
    private static final int AREA = CropRule.SIZE * CropRule.SIZE;
    private static final int EVAL_BATCH = 128;

    /**
     * One epoch's figures; the learning curve. With a weight average ({@code --ema}) the validation
     * loss is the average's (what is kept and shipped) and {@code trainedValidationLoss} the
     * trained weights' at the same moment, so one run compares the two; without, it is null.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EpochStats(@JsonProperty("epoch") int epoch, @JsonProperty("train_loss") double trainLoss,
            @JsonProperty("validation_loss") double validationLoss, @JsonProperty("learning_rate") double learningRate,
            @JsonProperty("seconds") double seconds, @JsonProperty("faces_per_second") double facesPerSecond,
            @JsonProperty("trained_validation_loss") Double trainedValidationLoss) {
    }

    /** Saved after every epoch; what {@code --resume} reads. */
    public record State(@JsonProperty("epochs_done") int epochsDone, @JsonProperty("best_epoch") int bestEpoch,
            @JsonProperty("best_validation_loss") double bestValidationLoss,
            @JsonProperty("history") List<EpochStats> history) {
    }

    /**
     * What a run produced: best weights in {@code bestParams}, the curve, and how it ended; with
     * teachers ({@link Distillation}), their mean's validation loss, measured as the student's is
     * (null without).
     */
    public record Outcome(Path bestParams, State state, boolean stoppedEarly, String device, double seconds,
            long parameters, Double teachersValidationLoss) {
    }

    private final TrainingConfig cfg;
    private final Preprocessing preprocessing;
    private final PrintStream log;
    /** Values per face in the network's output and in each target row: the 30 served, then any 68-point ones. */
    private final int outputs;
    /** Mask value of each 68-point coordinate: together they weigh {@code landmarksWeight} against the 30. */
    private final float landmarkMask;

    public KeypointTrainer(TrainingConfig cfg, PrintStream log) {
        this.cfg = cfg;
        this.preprocessing = new Preprocessing(cfg.equalize());
        this.log = log;
        this.outputs = KeypointNetwork.outputs(cfg.architecture());
        this.landmarkMask = cfg.landmarksWeight() * Keypoint.COORDINATES / KeypointNetwork.LANDMARKS68_VALUES;
    }

    /**
     * Refuses an {@code --init-from} model of another architecture than {@code cfg}'s: its weights
     * would not fit. Called again by {@link #train}; the command calls it before reading any data.
     */
    public static void checkInitFrom(TrainingConfig cfg) throws IOException {
        if (cfg.initFrom() == null) {
            return;
        }
        String initArchitecture = ModelDirectory.readMetadata(cfg.initFrom()).architecture();
        if (!initArchitecture.equals(cfg.architecture())) {
            throw new IllegalArgumentException("cannot start a " + cfg.architecture() + " network from "
                    + cfg.initFrom() + ", a " + initArchitecture + " model");
        }
    }

    /** One epoch; a fine-tune at least {@link TrainingConfig#FINE_TUNE_MIN_WARM_UP_STEPS}. */
    static int warmUpSteps(TrainingConfig cfg, int stepsPerEpoch) {
        return cfg.initFrom() == null ? stepsPerEpoch
                : Math.max(stepsPerEpoch, TrainingConfig.FINE_TUNE_MIN_WARM_UP_STEPS);
    }

    /** A batch ready for the engine: inputs, target rows of {@code outputs} values in [-1, 1], and their mask. */
    record Batch(float[] x, float[] y, float[] mask, int size) {
    }

    public Outcome train(List<LabelledFace> train, List<LabelledFace> validation, FaceBoxes boxes, Path workDir)
            throws IOException {
        Path checkpoints = workDir.resolve("checkpoint");
        Path best = checkpoints.resolve("best");
        Path last = checkpoints.resolve("last");
        Path stateFile = checkpoints.resolve("state.json");
        Path averageFile = checkpoints.resolve("weight-average.bin");
        Files.createDirectories(best);
        Files.createDirectories(last);

        State state = new State(0, 0, Double.POSITIVE_INFINITY, new ArrayList<>());
        if (cfg.resume() && Files.isRegularFile(stateFile)) {
            state = ModelDirectory.JSON.readValue(stateFile.toFile(), State.class);
            state = new State(state.epochsDone(), state.bestEpoch(), state.bestValidationLoss(),
                    new ArrayList<>(state.history()));
            log.printf(Locale.ROOT, "resuming after epoch %d (best %.5f at epoch %d)%n", state.epochsDone(),
                    state.bestValidationLoss(), state.bestEpoch());
        } else if (cfg.resume()) {
            log.println("--resume: no checkpoint in " + checkpoints + ", starting from scratch");
        }

        checkInitFrom(cfg);
        Device device = Devices.select(cfg.device());
        String deviceName = Devices.describe(device);
        log.println("training on " + deviceName + " (" + train.size() + " train / " + validation.size()
                + " validation faces)");
        Batch validationBatch = validationBatch(validation, boxes);
        int stepsPerEpoch = Math.max(1, train.size() / cfg.batchSize());
        long started = System.nanoTime();
        boolean stoppedEarly = false;
        long parameters;
        TeacherEnsemble teachers = null;
        Double teachersValidationLoss = null;
        if (cfg.distillation().enabled()) {
            teachers = TeacherEnsemble.load(cfg.distillation().teachers(), cfg.device(), cfg.equalize(), outputs);
            try {
                teachersValidationLoss = teacherValidationLosses(teachers, validationBatch);
            } catch (RuntimeException e) {
                teachers.close(); // the try below that closes them has not begun
                throw e;
            }
        }
        ExecutorService prep = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "augment");
            t.setDaemon(true);
            return t;
        });
        // the engine's RNG draws the initial weights and dropout masks: seed it too, or --seed only
        // fixes the split and the augmentation
        ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed((int) cfg.seed());
        try (Model model = Model.newInstance(ModelDirectory.MODEL_NAME, device, "PyTorch")) {
            ai.djl.nn.SequentialBlock net = KeypointNetwork.build(cfg.architecture(), cfg.dropout());
            ai.djl.nn.Parameter head = KeypointNetwork.headWeight(net);
            model.setBlock(net);
            model.setProperty("Epoch", "0");
            Path initial = state.epochsDone() > 0 ? last : cfg.initFrom();
            if (initial != null) {
                try {
                    model.load(initial, ModelDirectory.MODEL_NAME);
                } catch (MalformedModelException e) {
                    throw new IOException("cannot load weights from " + initial + ": " + e.getMessage(), e);
                }
                log.println("starting from weights in " + initial);
            }
            Tracker schedule = Tracker.warmUp()
                    .optWarmUpBeginValue(cfg.learningRate() * 0.1f)
                    .optWarmUpSteps(warmUpSteps(cfg, stepsPerEpoch))
                    .setMainTracker(Tracker.cosine()
                            .setBaseValue(cfg.learningRate())
                            .optFinalValue(cfg.learningRate() * 0.01f)
                            .setMaxUpdates(stepsPerEpoch * cfg.epochs())
                            .build())
                    .build();
            // resumed: Adam's moments start again from zero, so the rate warms up again too
            Tracker lr = state.epochsDone() > 0
                    ? new ResumedSchedule(schedule, state.epochsDone() * stepsPerEpoch, stepsPerEpoch, 0.1f)
                    : schedule;
            Optimizer adam = Optimizer.adam()
                    .optLearningRateTracker(lr)
                    .optWeightDecays(cfg.weightDecay())
                    .optBeginNumUpdate(state.epochsDone() * stepsPerEpoch)
                    .build();
            DefaultTrainingConfig tc = new DefaultTrainingConfig(MaskedLoss.named(cfg.loss()))
                    .optOptimizer(adam)
                    .optDevices(new Device[] {device})
                    .optInitializer(new ai.djl.training.initializer.NormalInitializer(0.001f), p -> p == head);
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(new Shape(cfg.batchSize(), 1, CropRule.SIZE, CropRule.SIZE));
                parameters = model.getBlock().getParameters().values().stream()
                        .mapToLong(p -> p.getArray().getShape().size()).sum();
                log.println("network " + cfg.architecture() + ": " + parameters + " parameters");
                WeightAverage average = null;
                if (cfg.emaDecay() > 0) {
                    average = new WeightAverage(model.getBlock(), cfg.emaDecay());
                    if (state.epochsDone() > 0) {
                        if (!Files.isRegularFile(averageFile)) {
                            throw new IOException("--resume with --ema: " + averageFile + " is missing (was the run"
                                    + " started without --ema?)");
                        }
                        average.load(averageFile);
                    }
                    log.printf(Locale.ROOT, "keeping a weight average (decay %.4f per step); it is validated and kept%n",
                            cfg.emaDecay());
                }
                Progress progress = new Progress(log);
                for (int epoch = state.epochsDone() + 1; epoch <= cfg.epochs(); epoch++) {
                    long t0 = System.nanoTime();
                    Random rng = new Random(cfg.seed() * 1_000_003L + epoch);
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < train.size(); i++) {
                        order.add(i);
                    }
                    java.util.Collections.shuffle(order, rng);
                    double lossSum = 0;
                    int seen = 0;
                    CompletableFuture<Batch> next = prepareAsync(prep, train, boxes, order, 0, rng.nextLong());
                    for (int step = 0; step < stepsPerEpoch; step++) {
                        Batch batch = next.join();
                        if (teachers != null) {
                            cfg.distillation().blend(batch.y(), batch.mask(), outputs,
                                    teachers.mean(batch.x(), batch.size()), teachers.columns(), batch.size());
                        }
                        if (step + 1 < stepsPerEpoch) {
                            next = prepareAsync(prep, train, boxes, order, (step + 1) * cfg.batchSize(), rng.nextLong());
                        }
                        float stepLoss = trainStep(trainer, batch);
                        lossSum += stepLoss * batch.size();
                        seen += batch.size();
                        if (!Float.isFinite(stepLoss)) {
                            break; // diverged: the rest of the epoch cannot mend it (handled below)
                        }
                        if (average != null) {
                            average.update();
                        }
                        double secs = (System.nanoTime() - t0) / 1e9;
                        double rate = seen / secs;
                        double remaining = (stepsPerEpoch - step - 1) * cfg.batchSize() / rate
                                + (cfg.epochs() - epoch) * stepsPerEpoch * cfg.batchSize() / rate;
                        progress.update(epoch, cfg.epochs(), seen, stepsPerEpoch * cfg.batchSize(), lossSum / seen,
                                rate, remaining);
                    }
                    double trainLoss = lossSum / seen;
                    double valLoss = validationLoss(trainer, validationBatch);
                    Double trainedValLoss = null;
                    if (average != null) {
                        trainedValLoss = valLoss;
                        average.swapIn();
                        valLoss = validationLoss(trainer, validationBatch);
                    }
                    double rateNow = lr.getNewValue((epoch) * stepsPerEpoch);
                    if (!Double.isFinite(trainLoss) || !Double.isFinite(valLoss)) {
                        // checked before anything is saved: diverged weights must not become the
                        // checkpoint that --resume starts from
                        String what = String.format(Locale.ROOT, "training diverged in epoch %d (training loss %s, "
                                + "validation loss %s, learning rate %.3g)", epoch, trainLoss, valLoss, rateNow);
                        if (state.bestEpoch() > 0) {
                            log.printf(Locale.ROOT, "%s; stopping with the best epoch so far, %d%n", what,
                                    state.bestEpoch());
                            stoppedEarly = true;
                            break;
                        }
                        throw new IllegalStateException(what + " before any epoch gave finite weights; try a lower --lr"
                                + " (now " + cfg.learningRate() + ")");
                    }
                    double secs = (System.nanoTime() - t0) / 1e9;
                    state.history().add(new EpochStats(epoch, trainLoss, valLoss, rateNow, secs, seen / secs,
                            trainedValLoss));
                    boolean improved = valLoss < state.bestValidationLoss();
                    int bestEpoch = improved ? epoch : state.bestEpoch();
                    double bestLoss = improved ? valLoss : state.bestValidationLoss();
                    if (improved) {
                        // with an average, the average is what is kept (it is in the network now)
                        model.save(best, ModelDirectory.MODEL_NAME);
                    }
                    if (average != null) {
                        average.swapOut();
                        average.save(averageFile);
                    }
                    model.save(last, ModelDirectory.MODEL_NAME);
                    state = new State(epoch, bestEpoch, bestLoss, state.history());
                    ModelDirectory.JSON.writeValue(stateFile.toFile(), state);
                    progress.endEpoch(String.format(Locale.ROOT,
                            "epoch %3d/%d train %.5f  val %.5f (~%.2f px)%s%s  %.0f faces/s  %.0fs",
                            epoch, cfg.epochs(), trainLoss, valLoss, Math.sqrt(valLoss) * Preprocessing.HALF,
                            trainedValLoss == null ? "" : String.format(Locale.ROOT, " [trained weights %.5f]",
                                    trainedValLoss),
                            improved ? " *" : "", seen / secs, secs));
                    if (epoch - bestEpoch >= cfg.patience()) {
                        log.printf(Locale.ROOT, "early stop: no improvement for %d epochs; best epoch %d%n",
                                cfg.patience(), bestEpoch);
                        stoppedEarly = true;
                        break;
                    }
                }
            }
        } finally {
            prep.shutdownNow();
            if (teachers != null) {
                teachers.close();
            }
        }
        if (!Files.isRegularFile(best.resolve(ModelDirectory.PARAMS_FILE))) {
            throw new IOException("training produced no weights (no epoch ran?) in " + best);
        }
        return new Outcome(best.resolve(ModelDirectory.PARAMS_FILE), state, stoppedEarly, deviceName,
                (System.nanoTime() - started) / 1e9, parameters, teachersValidationLoss);
    }

    /**
     * Logs each teacher's and the teachers' mean's validation loss (the served 30 coordinates'
     * masked MSE on the validation crops, as the student's), and answers the mean's: whether the
     * soft targets are better than the student is the first thing to know of a distillation run.
     */
    private Double teacherValidationLosses(TeacherEnsemble teachers, Batch v) {
        if (v.size() == 0) {
            return null;
        }
        StringBuilder each = new StringBuilder();
        for (int t = 0; t < teachers.size(); t++) {
            final int teacher = t;
            double loss = maskedMse(v, (x, n) -> teachers.of(teacher, x, n), teachers.columns());
            each.append(t == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.5f", loss));
        }
        double mean = maskedMse(v, teachers::mean, teachers.columns());
        log.printf(Locale.ROOT, "distilling from %d teacher(s) %s, weight %.2f, on %d target columns: validation "
                + "loss of their mean %.5f (~%.2f px), each %s%n", teachers.size(), cfg.distillation().teachers(),
                cfg.distillation().weight(), teachers.columns(), mean, Math.sqrt(mean) * Preprocessing.HALF, each);
        return mean;
    }

    /** Masked MSE of {@code predict}'s first {@code columns} outputs against the batch's targets. */
    private double maskedMse(Batch v, java.util.function.BiFunction<float[], Integer, float[]> predict, int columns) {
        double sum = 0;
        double count = 0;
        for (int from = 0; from < v.size(); from += EVAL_BATCH) {
            int n = Math.min(EVAL_BATCH, v.size() - from);
            float[] p = predict.apply(java.util.Arrays.copyOfRange(v.x(), from * AREA, (from + n) * AREA), n);
            for (int row = 0; row < n; row++) {
                for (int j = 0; j < columns; j++) {
                    int at = (from + row) * outputs + j;
                    double d = p[row * columns + j] - v.y()[at];
                    sum += v.mask()[at] * d * d;
                    count += v.mask()[at];
                }
            }
        }
        return sum / Math.max(1, count);
    }

    /** Copies the best weights into a model directory. */
    public static void installWeights(Path bestParams, Path modelDir) throws IOException {
        Files.createDirectories(modelDir);
        Files.copy(bestParams, modelDir.resolve(ModelDirectory.PARAMS_FILE), StandardCopyOption.REPLACE_EXISTING);
    }

    private CompletableFuture<Batch> prepareAsync(ExecutorService prep, List<LabelledFace> train, FaceBoxes boxes,
            List<Integer> order, int from, long seed) {
        return CompletableFuture.supplyAsync(() -> {
            int n = Math.min(cfg.batchSize(), order.size() - from);
            Random rng = new Random(seed);
            float[] x = new float[n * AREA];
            float[] y = new float[n * outputs];
            float[] mask = new float[n * outputs];
            for (int i = 0; i < n; i++) {
                LabelledFace f = train.get(order.get(from + i));
                Augmentation.Sample s = cfg.augmentation().sample(f.image(), boxes.get(f).box(), f.keypoints(),
                        outputs > Keypoint.COORDINATES ? f.landmarks68() : null, rng);
                preprocessing.toInput(s.crop(), x, i * AREA);
                fillTarget(s.keypoints(), 0, 1f, y, mask, i);
                if (s.landmarks68() != null) {
                    fillTarget(s.landmarks68(), Keypoint.COORDINATES, landmarkMask, y, mask, i);
                }
            }
            return new Batch(x, y, mask, n);
        }, prep);
    }

    private Batch validationBatch(List<LabelledFace> validation, FaceBoxes boxes) {
        int n = validation.size();
        // only the 30 served coordinates count here (the rest of each row stays masked): the
        // validation loss, which picks the best epoch, is the served keypoints' MSE
        float[] x = new float[n * AREA];
        float[] y = new float[n * outputs];
        float[] mask = new float[n * outputs];
        for (int i = 0; i < n; i++) {
            LabelledFace f = validation.get(i);
            CropTransform t = CropRule.forBox(boxes.get(f).box());
            preprocessing.toInput(CropRule.crop(f.image(), t), x, i * AREA);
            fillTarget(t.keypointsToCrop(f.keypoints()), 0, 1f, y, mask, i);
        }
        return new Batch(x, y, mask, n);
    }

    /** Writes crop coordinates into {@code row}'s target from column {@code at}, with mask {@code weight} (0 if missing). */
    private void fillTarget(float[] cropCoordinates, int at, float weight, float[] y, float[] mask, int row) {
        for (int j = 0; j < cropCoordinates.length; j++) {
            float v = cropCoordinates[j];
            boolean present = !Float.isNaN(v);
            y[row * outputs + at + j] = present ? Preprocessing.toOutput(v) : 0f;
            mask[row * outputs + at + j] = present ? weight : 0f;
        }
    }

    private float trainStep(Trainer trainer, Batch b) {
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray x = m.create(b.x(), new Shape(b.size(), 1, CropRule.SIZE, CropRule.SIZE));
            NDList labels = new NDList(m.create(b.y(), new Shape(b.size(), outputs)),
                    m.create(b.mask(), new Shape(b.size(), outputs)));
            float loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList pred = trainer.forward(new NDList(x), labels);
                NDArray l = trainer.getLoss().evaluate(labels, pred);
                gc.backward(l);
                loss = l.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    /** Masked MSE over the validation crops, in eval mode (no dropout, running BN statistics). */
    double validationLoss(Trainer trainer, Batch v) {
        if (v.size() == 0) {
            return Double.NaN;
        }
        double sum = 0;
        double count = 0;
        for (int from = 0; from < v.size(); from += EVAL_BATCH) {
            int n = Math.min(EVAL_BATCH, v.size() - from);
            try (NDManager m = trainer.getManager().newSubManager()) {
                float[] xs = java.util.Arrays.copyOfRange(v.x(), from * AREA, (from + n) * AREA);
                float[] ys = java.util.Arrays.copyOfRange(v.y(), from * outputs, (from + n) * outputs);
                float[] ms = java.util.Arrays.copyOfRange(v.mask(), from * outputs, (from + n) * outputs);
                NDArray pred = trainer.evaluate(new NDList(m.create(xs, new Shape(n, 1, CropRule.SIZE, CropRule.SIZE))))
                        .singletonOrThrow();
                NDArray mask = m.create(ms, new Shape(n, outputs));
                NDArray sq = pred.sub(m.create(ys, new Shape(n, outputs))).square().mul(mask);
                sum += sq.sum().getFloat();
                for (float f : ms) {
                    count += f;
                }
            }
        }
        return sum / Math.max(1, count);
    }
}
