package dev.facestream.cli;

import dev.facestream.model.Devices;
import dev.facestream.model.KeypointModel;
import dev.facestream.model.ModelDirectory;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which model to serve and on what: {@code --model} and {@code --device} of detect, evaluate and the detectors. */
final class ModelOptions {
    @Option(names = "--model", defaultValue = "models/default", paramLabel = "DIR",
            description = "model directory (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (gpu without one is an error)")
    String device;

    /**
     * Checks the device and the model directory's metadata before anything else starts, so a
     * typo fails at once and names its option.
     */
    void check() throws IOException {
        Devices.select(device);
        try {
            ModelDirectory.readMetadata(dir);
        } catch (IOException e) {
            throw new IOException("--model " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The model, loaded on the device. */
    KeypointModel load() throws IOException {
        return KeypointModel.load(dir, device);
    }
}
