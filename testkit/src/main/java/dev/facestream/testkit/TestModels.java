package dev.facestream.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.initializer.XavierInitializer;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.model.KeypointNetwork;
import dev.facestream.model.ModelDirectory;
import dev.facestream.model.ModelMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Model directories and sample media for tests. */
public final class TestModels {
    /** The {@code model_version} of {@link #untrained(Path)} models. */
    public static final String UNTRAINED_VERSION = "untrained-test";

    private TestModels() {
    }

    /**
     * An untrained model directory in the real format: exercises loading, batching and the wire
     * path, but its keypoints are noise, so geometry is checked only with {@link #trained()}.
     */
    public static Path untrained(Path dir) throws Exception {
        return untrained(dir, UNTRAINED_VERSION);
    }

    /** The same with its own {@code model_version} (and its own random weights): model swap tests. */
    public static Path untrained(Path dir, String version) throws Exception {
        try (Model model = Model.newInstance(ModelDirectory.MODEL_NAME, "PyTorch");
             NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block net = KeypointNetwork.build(KeypointNetwork.DEFAULT_ARCHITECTURE, 0f);
            net.setInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            net.initialize(manager, DataType.FLOAT32, KeypointNetwork.INPUT_SHAPE);
            model.setBlock(net);
            model.setProperty("Epoch", "0");
            model.save(dir, ModelDirectory.MODEL_NAME);
        }
        ModelDirectory.writeMetadata(dir, new ModelMetadata(ModelMetadata.FORMAT, version,
                "1970-01-01T00:00:00Z", KeypointNetwork.DEFAULT_ARCHITECTURE, 0,
                Keypoint.all().stream().map(Keypoint::key).toList(), CropRule.SIZE,
                new ModelMetadata.Normalization(255f, 0.5f, 0.5f, false), "crop pixels", CropRule.VERSION, "none",
                Map.of(), Map.of(), Map.of(), "test", null));
        return dir;
    }

    /** The repository root (surefire sets {@code facestream.root}; a module directory otherwise). */
    public static Path root() {
        return Path.of(System.getProperty("facestream.root", "../"));
    }

    /** The trained model shipped in {@code models/default}; the test is skipped without it. */
    public static Path trained() {
        Path dir = root().resolve("models").resolve("default");
        assumeTrue(Files.isRegularFile(dir.resolve(ModelDirectory.METADATA_FILE))
                        && Files.isRegularFile(dir.resolve(ModelDirectory.PARAMS_FILE)),
                "no trained model at " + dir.toAbsolutePath() + " (train one first); geometry checks skipped");
        return dir;
    }

    /** A sample from ../shared/samples; the test is skipped without it. */
    public static Path sample(String name) {
        Path p = Path.of(System.getProperty("facestream.shared", "../../shared"), "samples", name);
        assumeTrue(Files.isRegularFile(p), "sample " + p + " is not available");
        return p;
    }
}
