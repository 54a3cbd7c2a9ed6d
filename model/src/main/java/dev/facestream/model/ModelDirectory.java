package dev.facestream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.keypoints.Keypoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model directory format (format 1), one folder per model version:
 *
 * <pre>
 * keypoints-0000.params   DJL parameter file of {@link KeypointNetwork}
 * metadata.json           {@link ModelMetadata}
 * report.json             training/evaluation report (trainer)
 * learning-curve.png      train and validation loss per epoch (trainer)
 * validation-grid.png     validation faces with predicted (red) and true (green) points (trainer)
 * MODEL_CARD.md           short model card (trainer)
 * </pre>
 */
public final class ModelDirectory {
    public static final String MODEL_NAME = "keypoints";
    public static final String PARAMS_FILE = MODEL_NAME + "-0000.params";
    public static final String METADATA_FILE = "metadata.json";
    public static final String REPORT_FILE = "report.json";
    public static final String CURVE_FILE = "learning-curve.png";
    public static final String GRID_FILE = "validation-grid.png";
    public static final String CARD_FILE = "MODEL_CARD.md";
    /** The model every command uses unless told otherwise (relative to the working directory). */
    public static final Path DEFAULT = Path.of("models", "default");

    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ModelDirectory() {
    }

    /** Reads and checks {@code metadata.json}; the error names the directory and the problem. */
    public static ModelMetadata readMetadata(Path dir) throws IOException {
        Path file = dir.resolve(METADATA_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a model directory: " + dir.toAbsolutePath() + " has no " + METADATA_FILE);
        }
        if (!Files.isRegularFile(dir.resolve(PARAMS_FILE))) {
            throw new IOException("model directory " + dir.toAbsolutePath() + " has no weights file " + PARAMS_FILE);
        }
        ModelMetadata m = JSON.readValue(file.toFile(), ModelMetadata.class);
        if (m.format() != ModelMetadata.FORMAT) {
            throw new IOException(file + ": model format " + m.format() + " is not supported (expected "
                    + ModelMetadata.FORMAT + ")");
        }
        if (!KeypointNetwork.ARCHITECTURES.contains(m.architecture())) {
            throw new IOException(file + ": architecture " + m.architecture() + " is not one this build has ("
                    + String.join(", ", KeypointNetwork.ARCHITECTURES) + ")");
        }
        if (!CropRule.VERSION.equals(m.cropRule())) {
            throw new IOException(file + ": model was trained on crop rule " + m.cropRule()
                    + " but this build crops with " + CropRule.VERSION + "; retrain it");
        }
        if (m.inputSize() != CropRule.SIZE || m.keypoints().size() != Keypoint.COUNT) {
            throw new IOException(file + ": input size " + m.inputSize() + " / " + m.keypoints().size()
                    + " keypoints do not match " + CropRule.SIZE + " / " + Keypoint.COUNT);
        }
        return m;
    }

    public static void writeMetadata(Path dir, ModelMetadata metadata) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(METADATA_FILE).toFile(), metadata);
    }
}
