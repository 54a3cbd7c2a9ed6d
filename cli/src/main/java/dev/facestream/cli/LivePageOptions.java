package dev.facestream.cli;

import dev.facestream.live.LiveRun;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The live page's part of {@code live}'s command line: where it listens and how it shows frames. */
final class LivePageOptions {
    @Mixin
    PageBindOption address;

    @Option(names = "--port", defaultValue = "8080", description = "port of the page (0: any free port;"
            + " default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--max-overlay-wait-ms", defaultValue = "100", paramLabel = "MS",
            description = "how long a frame waits for its keypoints before it is shown with its track's latest"
                    + " ones, marked stale (default: ${DEFAULT-VALUE})")
    long maxOverlayWaitMs;

    @Option(names = "--jpeg-quality", defaultValue = "80", paramLabel = "Q",
            description = "JPEG quality of the frames sent to the page, 1..100 (default: ${DEFAULT-VALUE})")
    int jpegQuality;

    @Option(names = "--low-confidence", defaultValue = "0.5", paramLabel = "P",
            description = "draw faces whose confidence is under P apart: red dashed box, hollow points (default: "
                    + "${DEFAULT-VALUE}; 0: never)")
    double lowConfidence;

    /** Checks the values before anything starts, naming the option that is wrong. */
    void validate() {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + ": expected 0..65535");
        }
        if (maxOverlayWaitMs < 0) {
            throw new IllegalArgumentException("--max-overlay-wait-ms " + maxOverlayWaitMs + ": must be 0 or more");
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("--jpeg-quality " + jpegQuality + ": expected 1..100");
        }
        if (!(lowConfidence >= 0 && lowConfidence <= 1)) {
            throw new IllegalArgumentException("--low-confidence " + lowConfidence + ": expected a probability in [0, 1]");
        }
    }

    /** {@code settings} with the page's address and display options ({@link #validate} first). */
    LiveRun.Settings applyTo(LiveRun.Settings settings) {
        return settings.http(address.bind, port).maxOverlayWaitMillis(maxOverlayWaitMs).jpegQuality(jpegQuality)
                .lowConfidence(lowConfidence);
    }
}
