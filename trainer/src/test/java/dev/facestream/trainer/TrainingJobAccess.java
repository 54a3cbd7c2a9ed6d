package dev.facestream.trainer;

import dev.facestream.model.ModelMetadata;
import dev.facestream.trainer.train.TrainingConfig;
import java.util.Map;

/** Test access to the metadata the training job writes. */
public final class TrainingJobAccess {
    private TrainingJobAccess() {
    }

    public static ModelMetadata metadata(TrainingConfig cfg, long parameters) {
        return TrainingJob.metadata("test", parameters, "test", cfg, Map.of(), Map.of(), "test");
    }
}
