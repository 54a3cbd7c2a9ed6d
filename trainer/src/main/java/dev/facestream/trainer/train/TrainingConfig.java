package dev.facestream.trainer.train;

import dev.facestream.trainer.data.PersonFolds;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Everything that decides a training run; recorded as the model's hyperparameters. */
public record TrainingConfig(
        String architecture,
        String loss,
        int epochs,
        int batchSize,
        float learningRate,
        float weightDecay,
        float dropout,
        int patience,
        double validationFraction,
        long seed,
        boolean equalize,
        Augmentation augmentation,
        String device,
        Path initFrom,
        boolean resume,
        String modelVersion,
        boolean testTimeFlip,
        float landmarksWeight,
        Path flipOffsetFrom,
        float emaDecay,
        PersonFolds.HeldOut heldOutFold,
        Distillation distillation) {

    /** Default weight of the 68-point training signal, against 1 for the 15 served keypoints. */
    public static final float DEFAULT_LANDMARKS_WEIGHT = 0.5f;
    // the recipe of `facestream train` without options: the builder's defaults, and the ones its
    // command line declares (as strings of these constants)
    public static final int DEFAULT_EPOCHS = 80;
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final float DEFAULT_LEARNING_RATE = 0.002f;
    /**
     * The peak rate of {@code train --init-from} unless {@code --lr} is given: the low-rate runs
     * that made the shipped models (docs/training.md). The from-scratch rate wrecks trained weights
     * within a few steps: Adam's first steps move every weight by about the rate, whatever its
     * gradient (measured: docs/training.md, "Fine-tuning a trained model").
     */
    public static final float FINE_TUNE_LEARNING_RATE = 0.0002f;
    /**
     * A fine-tune warms its rate up over at least this many steps (else one epoch), so that a short
     * run on a few relabelled faces, all of it inside the warm-up, moves trained weights gently.
     */
    public static final int FINE_TUNE_MIN_WARM_UP_STEPS = 50;

    /** {@code --lr} as given, else the default of a run from scratch or of a fine-tune. */
    public static float learningRate(Float given, Path initFrom) {
        return given != null ? given : initFrom != null ? FINE_TUNE_LEARNING_RATE : DEFAULT_LEARNING_RATE;
    }
    public static final float DEFAULT_WEIGHT_DECAY = 1e-4f;
    public static final float DEFAULT_DROPOUT = 0.3f;
    public static final int DEFAULT_PATIENCE = 15;
    public static final double DEFAULT_VALIDATION_FRACTION = 0.15;
    public static final long DEFAULT_SEED = 42;
    public static final String DEFAULT_DEVICE = "auto";

    /** The same run with other augmentation (the trainer adds the measured mirror offset). */
    public TrainingConfig withAugmentation(Augmentation a) {
        return toBuilder().augmentation(a).build();
    }

    /** A run of the default network and recipe (those of {@code facestream train} without options). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this run's settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.architecture = architecture;
        b.loss = loss;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.weightDecay = weightDecay;
        b.dropout = dropout;
        b.patience = patience;
        b.validationFraction = validationFraction;
        b.seed = seed;
        b.equalize = equalize;
        b.augmentation = augmentation;
        b.device = device;
        b.initFrom = initFrom;
        b.resume = resume;
        b.modelVersion = modelVersion;
        b.testTimeFlip = testTimeFlip;
        b.landmarksWeight = landmarksWeight;
        b.flipOffsetFrom = flipOffsetFrom;
        b.emaDecay = emaDecay;
        b.heldOutFold = heldOutFold;
        b.distillation = distillation;
        return b;
    }

    /** Builds a {@link TrainingConfig}; each setter names the component it sets. */
    public static final class Builder {
        private String architecture = dev.facestream.model.KeypointNetwork.DEFAULT_ARCHITECTURE;
        private String loss = MaskedLoss.MSE;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private float learningRate = DEFAULT_LEARNING_RATE;
        private float weightDecay = DEFAULT_WEIGHT_DECAY;
        private float dropout = DEFAULT_DROPOUT;
        private int patience = DEFAULT_PATIENCE;
        private double validationFraction = DEFAULT_VALIDATION_FRACTION;
        private long seed = DEFAULT_SEED;
        private boolean equalize;
        private Augmentation augmentation = Augmentation.defaults();
        private String device = DEFAULT_DEVICE;
        private Path initFrom;
        private boolean resume;
        private String modelVersion;
        private boolean testTimeFlip;
        private float landmarksWeight = DEFAULT_LANDMARKS_WEIGHT;
        private Path flipOffsetFrom;
        private float emaDecay;
        private PersonFolds.HeldOut heldOutFold;
        private Distillation distillation = Distillation.NONE;

        private Builder() {
        }

        public Builder architecture(String v) { architecture = v; return this; }
        public Builder loss(String v) { loss = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder learningRate(float v) { learningRate = v; return this; }
        public Builder weightDecay(float v) { weightDecay = v; return this; }
        public Builder dropout(float v) { dropout = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder validationFraction(double v) { validationFraction = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder equalize(boolean v) { equalize = v; return this; }
        public Builder augmentation(Augmentation v) { augmentation = v; return this; }
        public Builder device(String v) { device = v; return this; }
        public Builder initFrom(Path v) { initFrom = v; return this; }
        public Builder resume(boolean v) { resume = v; return this; }
        public Builder modelVersion(String v) { modelVersion = v; return this; }
        public Builder testTimeFlip(boolean v) { testTimeFlip = v; return this; }
        public Builder landmarksWeight(float v) { landmarksWeight = v; return this; }
        public Builder flipOffsetFrom(Path v) { flipOffsetFrom = v; return this; }
        public Builder emaDecay(float v) { emaDecay = v; return this; }
        /** Train without this fold of the training persons ({@link PersonFolds}); null: on all of them. */
        public Builder heldOutFold(PersonFolds.HeldOut v) { heldOutFold = v; return this; }
        /** Soft targets from teacher models ({@link Distillation}); {@link Distillation#NONE}: off. */
        public Builder distillation(Distillation v) { distillation = v; return this; }

        public TrainingConfig build() {
            return new TrainingConfig(architecture, loss, epochs, batchSize, learningRate, weightDecay, dropout,
                    patience, validationFraction, seed, equalize, augmentation, device, initFrom, resume, modelVersion,
                    testTimeFlip, landmarksWeight, flipOffsetFrom, emaDecay, heldOutFold, distillation);
        }
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", architecture);
        m.put("epochs_max", epochs);
        m.put("batch_size", batchSize);
        m.put("optimizer", "adam");
        m.put("learning_rate", learningRate);
        m.put("lr_schedule", "linear warm-up 1 epoch, cosine decay to 1% over epochs_max");
        m.put("weight_decay", weightDecay);
        m.put("dropout", dropout);
        m.put("early_stopping_patience", patience);
        m.put("validation_fraction", validationFraction);
        m.put("split", "by person");
        m.put("seed", seed);
        m.put("histogram_equalization", equalize);
        m.put("augmentation", augmentation);
        m.put("loss", MaskedLoss.named(loss).describe());
        m.put("init_from", initFrom == null ? null : initFrom.toString());
        m.put("test_time_flip", testTimeFlip);
        m.put("landmarks68_weight", landmarksWeight);
        m.put("mirror_offset_from", flipOffsetFrom == null ? null : flipOffsetFrom.toString());
        m.put("weight_average", emaDecay > 0
                ? "exponential moving average of the weights, decay " + emaDecay + " per step; the average is validated and kept"
                : "none");
        if (heldOutFold != null) {
            // only when set, so the metadata of every model trained on all its persons reads as before
            m.put("held_out_fold", Map.of("index", heldOutFold.index(), "count", heldOutFold.count()));
        }
        if (distillation.enabled()) {
            m.put("distillation", distillation.describe());
        }
        return m;
    }
}
