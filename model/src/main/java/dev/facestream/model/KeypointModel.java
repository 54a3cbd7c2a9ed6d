package dev.facestream.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.translate.TranslateException;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * A loaded model directory. Thread-safe to share; {@link #newPredictor()} is not (a DJL
 * {@link Predictor} holds per-call state): give each thread its own.
 */
public final class KeypointModel implements AutoCloseable {
    private final Model model;
    private final ModelMetadata metadata;
    private final Device device;

    private KeypointModel(Model model, ModelMetadata metadata, Device device) {
        this.model = model;
        this.metadata = metadata;
        this.device = device;
    }

    /**
     * Loads {@code dir} onto the device chosen by {@code deviceChoice} (auto, cpu, gpu), in its
     * serving form ({@link FoldedNetwork}: batch norms folded into the convolutions).
     */
    public static KeypointModel load(Path dir, String deviceChoice) throws IOException {
        return load(dir, deviceChoice, true);
    }

    /** As {@link #load(Path, String)}; {@code fold} false serves the network as trained (for comparison). */
    public static KeypointModel load(Path dir, String deviceChoice, boolean fold) throws IOException {
        ModelMetadata metadata = ModelDirectory.readMetadata(dir);
        Device device = Devices.select(deviceChoice);
        Model model = Model.newInstance(ModelDirectory.MODEL_NAME, device, "PyTorch");
        SequentialBlock trained = KeypointNetwork.build(metadata.architecture(), 0f);
        model.setBlock(trained);
        try {
            model.load(dir, ModelDirectory.MODEL_NAME);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            // a truncated or corrupt parameter file fails inside DJL's reader, often with an
            // exception that has no message (an EOFException): name the file and what was found
            model.close();
            Path params = dir.resolve(ModelDirectory.PARAMS_FILE).toAbsolutePath();
            boolean endsEarly = e instanceof java.io.EOFException || e.getCause() instanceof java.io.EOFException;
            throw new IOException("model weights " + params + " are unreadable: " + (endsEarly
                    ? "the file ends before its last parameter (" + java.nio.file.Files.size(params)
                            + " bytes: truncated, e.g. an interrupted copy?)"
                    : ModelDirectory.describe(e)), e);
        }
        if (fold) {
            model.setBlock(FoldedNetwork.fold(trained, model.getNDManager()));
            trained.getParameters().values().forEach(p -> p.close());
        }
        return new KeypointModel(model, metadata, device);
    }

    /** A predictor served as the model's metadata says (normalisation, test-time flip). */
    public Predictor<List<GrayImage>, List<CropKeypoints>> newPredictor() {
        return newPredictor(metadata.inferenceOrPlain().testTimeFlip());
    }

    /** A predictor with test-time flip on or off whatever the metadata says: for A/B evaluation. */
    public Predictor<List<GrayImage>, List<CropKeypoints>> newPredictor(boolean testTimeFlip) {
        FaceConfidence confidence = KeypointNetwork.hasConfidenceHead(metadata.architecture())
                ? metadata.inferenceOrPlain().confidence() : null;
        return model.newPredictor(new KeypointTranslator(metadata.preprocessing(), testTimeFlip,
                KeypointNetwork.outputs(metadata.architecture()), confidence, metadata.mirrorOffset()));
    }

    /**
     * Runs a few forward passes on blank crops, one face and {@code batch} faces, and discards
     * them. The first passes of a freshly loaded model are several times slower than the rest
     * (the engine allocates and picks its kernels per input shape); a server does this before it
     * takes traffic so that its first real crops do not pay for it.
     */
    public void warmUp(int batch) throws TranslateException {
        GrayImage blank = new GrayImage(CropRule.SIZE, CropRule.SIZE, new byte[CropRule.SIZE * CropRule.SIZE]);
        try (Predictor<List<GrayImage>, List<CropKeypoints>> p = newPredictor()) {
            for (int i = 0; i < 3; i++) {
                p.predict(List.of(blank));
                if (batch > 1) {
                    p.predict(Collections.nCopies(batch, blank));
                }
            }
        }
    }

    /**
     * The network's outputs for {@code n} crops already turned into its input (as
     * {@link ModelMetadata#preprocessing()} does: {@code n * 96 * 96} values), {@link
     * KeypointNetwork#outputs} values per crop, in output units, without the translator's mirror,
     * flip or confidence steps. What the trainer's teachers ({@code train --teacher}) answer.
     */
    public float[] rawOutputs(float[] inputs, int n) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = m.create(inputs, new Shape(n, 1, CropRule.SIZE, CropRule.SIZE));
            return model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
        }
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public Device device() {
        return device;
    }

    public String deviceName() {
        return Devices.describe(device);
    }

    @Override
    public void close() {
        model.close();
    }
}
