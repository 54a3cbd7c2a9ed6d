package dev.facestream.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Media bundled in this jar. The demo clip is {@code head-pose-male-480x270.gif} from
 * intel-iot-devkit/sample-videos, CC-BY-4.0 (see NOTICE at the repository root): one person
 * turning the head, 12 fps, 5 s.
 */
public final class Samples {
    public static final String DEMO_VIDEO = "head-pose-male-480x270.gif";

    private Samples() {
    }

    /**
     * The demo clip as a file (FFmpeg reads files, not class-path resources): copied to a
     * temporary file that is deleted when the JVM exits.
     */
    public static Path demoVideo() throws IOException {
        try (InputStream in = Samples.class.getResourceAsStream(DEMO_VIDEO)) {
            if (in == null) {
                throw new IOException("the bundled sample " + DEMO_VIDEO + " is missing from the class path");
            }
            Path tmp = Files.createTempFile("facestream-", "-" + DEMO_VIDEO);
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        }
    }
}
