package dev.facestream.trainer.confidence;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.model.KeypointModel;
import dev.facestream.model.ModelDirectory;
import dev.facestream.model.ModelMetadata;
import dev.facestream.trainer.data.LabelledFace;
import dev.facestream.trainer.data.PersonFolds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * K networks, each trained without one fold of the training persons ({@code train --hold-out-fold
 * I/K}), that together score every training face as a person unseen: the confidence step's targets
 * when it is given them, instead of the fitted network's errors on faces it learnt.
 *
 * <p>They must come from the same split as the network being fitted (its seed, validation share
 * and data), so that the folds dealt here from its training persons are the ones they were trained
 * without; every fold of one K must be there once. Anything else is refused, naming the model.
 * Each is served as {@link KeypointModel} serves any model, from the crops, with its own
 * preprocessing (its histogram equalisation need not be the fitted network's).
 */
final class HeldOutNetworks implements AutoCloseable {
    private final List<KeypointModel> models;
    private final List<Predictor<List<GrayImage>, List<CropKeypoints>>> predictors;
    private final PersonFolds folds;
    private final List<Path> dirs;

    private HeldOutNetworks(List<KeypointModel> models, List<Predictor<List<GrayImage>, List<CropKeypoints>>> predictors,
            PersonFolds folds, List<Path> dirs) {
        this.models = models;
        this.predictors = predictors;
        this.folds = folds;
        this.dirs = dirs;
    }

    /** Loads {@code dirs} after checking they are the K folds of {@code source}'s training persons. */
    static HeldOutNetworks load(List<Path> dirs, ModelMetadata source, Path sourceDir, List<LabelledFace> train)
            throws IOException {
        int count = dirs.size();
        Path[] byFold = new Path[count];
        for (Path dir : dirs) {
            ModelMetadata m = ModelDirectory.readMetadata(dir);
            Map<String, Object> hp = m.hyperparameters();
            if (hp == null || !(hp.get("held_out_fold") instanceof Map<?, ?> fold)
                    || !(fold.get("index") instanceof Number index) || !(fold.get("count") instanceof Number k)) {
                throw new IllegalArgumentException(dir + " was not trained with a fold held out (train "
                        + "--hold-out-fold I/K), so its errors are not those of unseen persons");
            }
            if (k.intValue() != count) {
                throw new IllegalArgumentException(dir + " held out fold " + index + " of " + k + ", but "
                        + count + " error models were given: give one model for every fold of one count");
            }
            for (String key : List.of("seed", "validation_fraction")) {
                Object mine = source.hyperparameters() == null ? null : source.hyperparameters().get(key);
                if (!Objects.equals(String.valueOf(mine), String.valueOf(hp.get(key)))) {
                    throw new IllegalArgumentException(dir + " has " + key + " " + hp.get(key) + " but " + sourceDir
                            + " has " + mine + ": the folds would be of other persons");
                }
            }
            if (!Objects.equals(m.dataFingerprint(), source.dataFingerprint())) {
                throw new IllegalArgumentException(dir + " was trained on other data (fingerprint "
                        + m.dataFingerprint() + ") than " + sourceDir + " (" + source.dataFingerprint() + ")");
            }
            if (byFold[index.intValue()] != null) {
                throw new IllegalArgumentException(dir + " and " + byFold[index.intValue()] + " both held out fold "
                        + index + " of " + count);
            }
            byFold[index.intValue()] = dir;
        }
        long seed = ((Number) source.hyperparameters().get("seed")).longValue();
        PersonFolds folds = PersonFolds.of(train, count, seed);
        List<KeypointModel> models = new ArrayList<>();
        List<Predictor<List<GrayImage>, List<CropKeypoints>>> predictors = new ArrayList<>();
        boolean loaded = false;
        try {
            for (Path dir : byFold) {
                // unfolded, as the fitted network runs in the confidence step; each with its own
                // preprocessing, which need not be the fitted network's
                KeypointModel model = KeypointModel.load(dir, "cpu", false);
                models.add(model);
                predictors.add(model.newPredictor(false));
            }
            loaded = true;
        } finally {
            if (!loaded) {
                predictors.forEach(Predictor::close);
                models.forEach(KeypointModel::close);
            }
        }
        return new HeldOutNetworks(models, predictors, folds, List.of(byFold));
    }

    /** The fold of {@code face}'s person: which network never saw it. */
    int foldOf(LabelledFace face) {
        return folds.foldOf(face);
    }

    int count() {
        return models.size();
    }

    /** The model directories, by fold. */
    List<Path> dirs() {
        return dirs;
    }

    /** Fold {@code fold}'s network's answers for {@code crops}, in crop pixels, one per crop. */
    List<CropKeypoints> predict(int fold, List<GrayImage> crops) {
        try {
            return predictors.get(fold).predict(crops);
        } catch (TranslateException e) {
            throw new IllegalStateException("error model " + dirs.get(fold) + " failed on a batch: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictors.forEach(Predictor::close);
        models.forEach(KeypointModel::close);
    }
}
