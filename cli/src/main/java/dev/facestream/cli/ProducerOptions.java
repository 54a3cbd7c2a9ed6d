package dev.facestream.cli;

import dev.facestream.core.face.FaceDetector;

import picocli.CommandLine.Option;

/** How the producer samples frames and finds faces: shared by {@code produce}, {@code demo}, {@code process}. */
final class ProducerOptions {
    @Option(names = "--fps", defaultValue = "0", description = "keep at most N frames per second of the source (0: all)")
    double fps;

    @Option(names = "--detect-width", defaultValue = "" + FaceDetector.DEFAULT_DETECT_WIDTH, paramLabel = "PX",
            description = "find faces on a copy of the frame shrunk to this width (faster; faces narrower than about"
                    + " 10 px at that width are missed) and crop them from the full frame; 0: detect at full"
                    + " resolution (default: ${DEFAULT-VALUE})")
    int detectWidth;

    void validate() {
        if (fps < 0) {
            throw new IllegalArgumentException("--fps " + fps + ": must be 0 (all frames) or positive");
        }
        if (detectWidth < 0) {
            throw new IllegalArgumentException("--detect-width " + detectWidth + ": must be 0 (full resolution) or positive");
        }
    }
}
