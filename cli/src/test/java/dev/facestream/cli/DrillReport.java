package dev.facestream.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** The drills' figures: printed, and appended to {@code target/drills/NAME.txt} for docs/reliability.md. */
final class DrillReport {
    private DrillReport() {
    }

    static void say(String drill, String line) {
        String text = Instant.now() + " " + drill + ": " + line;
        System.out.println("DRILL " + text);
        try {
            Path dir = Files.createDirectories(Path.of("target", "drills"));
            Files.writeString(dir.resolve(drill + ".txt"), text + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("cannot write the drill report: " + e);
        }
    }

    static int crops(int issueFigure) {
        return Integer.getInteger("facestream.drill.crops", issueFigure);
    }
}
