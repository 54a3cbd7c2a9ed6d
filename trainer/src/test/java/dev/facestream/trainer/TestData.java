package dev.facestream.trainer;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests find {@code ../shared} (surefire sets {@code facestream.shared}). */
public final class TestData {
    private TestData() {
    }

    public static Path shared() {
        Path p = Path.of(System.getProperty("facestream.shared", "../../shared"));
        // CI and developers have ../shared beside the repository; an image build (deploy/Dockerfile) does not
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(p.resolve("data")),
                "shared training data not found at " + p.toAbsolutePath() + ": test skipped");
        return p;
    }

    public static Path youtubeFaces() {
        return shared().resolve("data/youtube-faces-68");
    }

    /** {@code count} faces of the shared folder spread over its persons: the {@code first}-th, then every {@code step}-th. */
    public static java.util.List<dev.facestream.trainer.data.LabelledFace> spreadFaces(int count, int first, int step)
            throws java.io.IOException {
        java.util.List<dev.facestream.trainer.data.LabelledFace> all =
                dev.facestream.trainer.data.FaceData.read(youtubeFaces(), false).faces();
        java.util.List<dev.facestream.trainer.data.LabelledFace> faces = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            faces.add(all.get(first + i * step));
        }
        return faces;
    }

    public static Path repositoryRoot() {
        return Path.of(System.getProperty("facestream.root", "..")).toAbsolutePath().normalize();
    }
}
