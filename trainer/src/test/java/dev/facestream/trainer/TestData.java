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

    public static Path repositoryRoot() {
        return Path.of(System.getProperty("facestream.root", "..")).toAbsolutePath().normalize();
    }
}
