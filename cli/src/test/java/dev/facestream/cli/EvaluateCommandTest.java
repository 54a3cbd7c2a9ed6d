package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facestream.core.wire.LabelledCsv;
import dev.facestream.model.ModelDirectory;
import dev.facestream.testkit.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
    @TempDir
    Path tmp;

    /**
     * A folder with negatives and a header-only training.csv (what the review page writes when every
     * answer was "not a face") is evaluated: no faces, and the negatives' confidence figures.
     */
    @Test
    void theNegativesOfAFolderWithoutFacesAreScored() throws Exception {
        Path labels = negativesFolder();
        Path out = tmp.resolve("evaluation.json");
        int exit = Main.commandLine().execute("evaluate", "--data", labels.toString(), "--model",
                TestModels.trained().toString(), "--device", "cpu", "--out", out.toString());
        assertEquals(0, exit);
        JsonNode result = ModelDirectory.JSON.readTree(out.toFile()).get("result");
        assertEquals(0, result.get("images").asInt());
        JsonNode negatives = result.get("negatives");
        assertEquals(3, negatives.get("negatives").asInt());
        double share = negatives.get("share_below_0_5").asDouble();
        double median = negatives.get("median_confidence").asDouble();
        assertTrue(share >= 0 && share <= 1 && median > 0 && median < 1, negatives.toString());
    }

    /**
     * A train command line's {@code --data DIR:WEIGHT} works unchanged in evaluate: the folder is
     * read, and the weight, which only repeats training faces, changes no figure.
     */
    @Test
    void aWeightedDataValueAsTrainTakesItReadsTheFolderAndChangesNoFigure() throws Exception {
        Path labels = negativesFolder();
        Path plain = tmp.resolve("plain.json");
        Path weighted = tmp.resolve("weighted.json");
        String model = TestModels.trained().toString();
        assertEquals(0, Main.commandLine().execute("evaluate", "--data", labels.toString(), "--model", model,
                "--device", "cpu", "--out", plain.toString()));
        assertEquals(0, Main.commandLine().execute("evaluate", "--data", labels + ":2", "--model", model,
                "--device", "cpu", "--out", weighted.toString()));
        JsonNode a = ModelDirectory.JSON.readTree(plain.toFile()).get("result");
        JsonNode b = ModelDirectory.JSON.readTree(weighted.toFile()).get("result");
        assertEquals(3, b.get("negatives").get("negatives").asInt());
        assertEquals(a, b);
    }

    private Path negativesFolder() throws Exception {
        Path labels = Files.createDirectories(tmp.resolve("labels"));
        Files.writeString(labels.resolve("training.csv"), LabelledCsv.header() + "\n");
        StringBuilder rows = new StringBuilder(LabelledCsv.negativesHeader()).append('\n');
        for (int i = 0; i < 3; i++) {
            byte[] pixels = new byte[LabelledCsv.SIDE * LabelledCsv.SIDE];
            Arrays.fill(pixels, (byte) (40 + 60 * i));
            rows.append(LabelledCsv.negativeRow("cam-1", i, 10 + i, pixels)).append('\n');
        }
        Files.writeString(labels.resolve("negatives.csv"), rows);
        return labels;
    }
}
