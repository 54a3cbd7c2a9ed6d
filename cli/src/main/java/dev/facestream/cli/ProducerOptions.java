package dev.facestream.cli;

import dev.facestream.face.FaceDetector;
import dev.facestream.producer.FaceCropProducer;
import picocli.CommandLine.Option;

/**
 * How the producer names its stream, samples frames and finds faces: shared by {@code produce},
 * {@code demo}, {@code process} and {@code live}.
 */
final class ProducerOptions {
    @Option(names = "--stream-id", description = "stream id: Kafka key and \"stream\" of every record"
            + " (default: camN for a camera, else the file or folder name without extension; demo: demo)")
    String streamId;

    @Option(names = "--fps", defaultValue = "0", description = "keep at most N frames per second of the source (0: all)")
    double fps;

    @Option(names = "--detect-width", defaultValue = "" + FaceDetector.DEFAULT_DETECT_WIDTH, paramLabel = "PX",
            description = "find faces on a copy of the frame shrunk to this width (faster; faces narrower than about"
                    + " 10 px at that width are missed) and crop them from the full frame; 0: detect at full"
                    + " resolution (default: ${DEFAULT-VALUE})")
    int detectWidth;

    @Option(names = "--detect-every", defaultValue = "1", paramLabel = "N",
            description = "run the face detector on every N-th frame only and cut the frames in between at the"
                    + " boxes it found last: faster (the detector is the producer's largest cost), but a moving"
                    + " face is framed a little off centre until the next detection and a new face is found at"
                    + " the next one (default: ${DEFAULT-VALUE}, every frame)")
    int detectEvery;

    /**
     * These options for {@code source}, checked: the one place the producer's flags become its
     * options. The caller adds what its command decides (pacing, a frame limit); the run fills in
     * its Kafka. Without {@code --stream-id} the producer names the stream after the source.
     */
    FaceCropProducer.Options.Builder options(String source) {
        return options(source, null);
    }

    /** The same, with the command's own stream id when none is given (null: the producer's). */
    FaceCropProducer.Options.Builder options(String source, String defaultStreamId) {
        validate();
        return FaceCropProducer.Options.builder(source, null).streamId(streamId != null ? streamId : defaultStreamId)
                .fps(fps).detectWidth(detectWidth).detectEvery(detectEvery);
    }

    void validate() {
        if (fps < 0) {
            throw new IllegalArgumentException("--fps " + fps + ": must be 0 (all frames) or positive");
        }
        if (detectWidth < 0) {
            throw new IllegalArgumentException("--detect-width " + detectWidth + ": must be 0 (full resolution) or positive");
        }
        if (detectEvery < 1) {
            throw new IllegalArgumentException("--detect-every " + detectEvery + ": must be 1 (every frame) or more");
        }
    }
}
