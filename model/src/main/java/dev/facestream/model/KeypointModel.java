package dev.facestream.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.GrayImage;
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

    /** Loads {@code dir} onto the device chosen by {@code deviceChoice} (auto, cpu, gpu). */
    public static KeypointModel load(Path dir, String deviceChoice) throws IOException {
        ModelMetadata metadata = ModelDirectory.readMetadata(dir);
        Device device = Devices.select(deviceChoice);
        Model model = Model.newInstance(ModelDirectory.MODEL_NAME, device, "PyTorch");
        model.setBlock(KeypointNetwork.build(metadata.architecture(), 0f));
        try {
            model.load(dir, ModelDirectory.MODEL_NAME);
        } catch (MalformedModelException e) {
            model.close();
            throw new IOException("model weights in " + dir.toAbsolutePath() + " are unreadable: " + e.getMessage(), e);
        }
        return new KeypointModel(model, metadata, device);
    }

    /** A predictor served as the model's metadata says (normalisation, test-time flip). */
    public Predictor<List<GrayImage>, float[][]> newPredictor() {
        return newPredictor(metadata.inferenceOrPlain().testTimeFlip());
    }

    /** A predictor with test-time flip on or off whatever the metadata says: for A/B evaluation. */
    public Predictor<List<GrayImage>, float[][]> newPredictor(boolean testTimeFlip) {
        return model.newPredictor(new KeypointTranslator(metadata.preprocessing(), testTimeFlip));
    }

    /**
     * Runs a few forward passes on blank crops, one face and {@code batch} faces, and discards
     * them. The first passes of a freshly loaded model are several times slower than the rest
     * (the engine allocates and picks its kernels per input shape); a server does this before it
     * takes traffic so that its first real crops do not pay for it.
     */
    public void warmUp(int batch) throws TranslateException {
        GrayImage blank = new GrayImage(CropRule.SIZE, CropRule.SIZE, new byte[CropRule.SIZE * CropRule.SIZE]);
        try (Predictor<List<GrayImage>, float[][]> p = newPredictor()) {
            for (int i = 0; i < 3; i++) {
                p.predict(List.of(blank));
                if (batch > 1) {
                    p.predict(Collections.nCopies(batch, blank));
                }
            }
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
