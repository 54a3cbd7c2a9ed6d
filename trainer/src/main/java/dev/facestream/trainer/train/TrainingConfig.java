package dev.facestream.trainer.train;

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
        float emaDecay) {

    /** Default weight of the 68-point training signal, against 1 for the 15 served keypoints. */
    public static final float DEFAULT_LANDMARKS_WEIGHT = 0.5f;

    /** The same run with other augmentation (the trainer adds the measured mirror offset). */
    public TrainingConfig withAugmentation(Augmentation a) {
        return new TrainingConfig(architecture, loss, epochs, batchSize, learningRate, weightDecay, dropout, patience,
                validationFraction, seed, equalize, a, device, initFrom, resume, modelVersion, testTimeFlip,
                landmarksWeight, flipOffsetFrom, emaDecay);
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
        return m;
    }
}
