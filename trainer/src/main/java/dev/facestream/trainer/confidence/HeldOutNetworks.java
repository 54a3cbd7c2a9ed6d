package dev.facestream.trainer.confidence;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.facestream.model.KeypointNetwork;
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
 */
final class HeldOutNetworks implements AutoCloseable {
    private final List<Model> models;
    private final List<SequentialBlock> networks;
    private final int[] widths;
    private final PersonFolds folds;
    private final List<Path> dirs;

    private HeldOutNetworks(List<Model> models, List<SequentialBlock> networks, int[] widths, PersonFolds folds,
            List<Path> dirs) {
        this.models = models;
        this.networks = networks;
        this.widths = widths;
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
        List<Model> models = new ArrayList<>();
        List<SequentialBlock> networks = new ArrayList<>();
        int[] widths = new int[count];
        boolean loaded = false;
        try {
            for (int f = 0; f < count; f++) {
                ModelMetadata m = ModelDirectory.readMetadata(byFold[f]);
                Model model = Model.newInstance(ModelDirectory.MODEL_NAME, ai.djl.Device.cpu(), "PyTorch");
                models.add(model);
                SequentialBlock net = KeypointNetwork.build(m.architecture(), 0f);
                model.setBlock(net);
                model.load(byFold[f], ModelDirectory.MODEL_NAME);
                networks.add(net);
                widths[f] = KeypointNetwork.outputs(m.architecture());
            }
            loaded = true;
        } catch (MalformedModelException e) {
            throw new IOException("cannot load error model " + byFold[models.size() - 1] + ": " + e.getMessage(), e);
        } finally {
            if (!loaded) {
                models.forEach(Model::close);
            }
        }
        return new HeldOutNetworks(models, networks, widths, folds, List.of(byFold));
    }

    /** The fold of {@code face}'s person: which network never saw it. */
    int foldOf(LabelledFace face) {
        return folds.foldOf(face);
    }

    int count() {
        return networks.size();
    }

    /** The model directories, by fold. */
    List<Path> dirs() {
        return dirs;
    }

    /** Fold {@code fold}'s network on {@code input} in inference mode: one output row per crop. */
    float[] outputs(int fold, NDManager manager, NDList input) {
        return networks.get(fold).forward(new ParameterStore(manager, false), input, false).singletonOrThrow()
                .toFloatArray();
    }

    /** Values per crop in {@link #outputs} of fold {@code fold} (its architecture's). */
    int width(int fold) {
        return widths[fold];
    }

    @Override
    public void close() {
        models.forEach(Model::close);
    }
}
