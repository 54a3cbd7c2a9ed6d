package dev.facestream.cli;

import dev.facestream.detector.KeypointDetector;
import java.io.IOException;
import picocli.CommandLine.Mixin;

/**
 * The command line of a detector that serves: its options and the model topic it may follow
 * ({@code detect-stream}, {@code demo}, {@code process}, {@code live}); mapped to the detector's
 * options in one place, {@link #resolve}.
 */
final class DetectorPart {
    @Mixin
    DetectorOptions options;

    @Mixin
    ModelFollowOptions modelTopic;

    /**
     * The detector's options under the command's defaults (checked first, see
     * {@link DetectorOptions#resolve}), serving from and following the model topic when one is given.
     */
    KeypointDetector.Options resolve(DetectorOptions.Defaults defaults) throws IOException {
        options.resolve(defaults);
        return modelTopic.applyTo(options.options());
    }
}
