package dev.facestream.cli;

import dev.facestream.model.ModelMetadata;
import dev.facestream.trainer.data.PersonSplit;
import dev.facestream.trainer.data.TrainingData;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model's own split of the data it was trained on: the seed and validation fraction in its
 * metadata, applied to the faces and, on the same sides by person, to the negatives. What
 * {@code fit-confidence} and {@code evaluate --split validation} need to tell the persons the
 * model learnt on from those it never saw.
 */
record ModelSplit(PersonSplit faces, PersonSplit.Negatives negatives, double validationFraction, long seed) {

    static ModelSplit of(Path model, ModelMetadata metadata, TrainingData data) {
        Map<String, Object> hp = metadata.hyperparameters();
        if (hp == null || !(hp.get("validation_fraction") instanceof Number fraction)
                || !(hp.get("seed") instanceof Number seed)) {
            throw new IllegalArgumentException(model + ": its metadata has no validation_fraction and seed, so its "
                    + "validation persons are unknown");
        }
        PersonSplit faces = PersonSplit.of(data.faces(), fraction.doubleValue(), seed.longValue());
        return new ModelSplit(faces, faces.negatives(data.negatives(), fraction.doubleValue(), seed.longValue()),
                fraction.doubleValue(), seed.longValue());
    }
}
