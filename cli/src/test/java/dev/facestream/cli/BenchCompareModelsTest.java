package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facestream.testkit.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --compare-models A,B --rounds 2}: the models take turns round after round and the
 * report gives each one's medians and ratios to the first. Checks what was measured and how the
 * ratios are formed, not how fast anything is.
 */
class BenchCompareModelsTest {
    @TempDir
    Path tmp;

    @Test
    void eachModelIsTimedInEveryRoundInTurnAndSetAgainstTheFirst() throws Exception {
        Path a = TestModels.untrained(tmp.resolve("a"));
        Path b = TestModels.untrained(tmp.resolve("b"));
        Path json = tmp.resolve("compare.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("bench",
                "--short", "--compare-models", a + "," + b, "--rounds", "2", "--out", json.toString(), "--model",
                a.toString(), "--device", "cpu");

        assertEquals(0, exit, err.toString());
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        JsonNode rounds = r.get("rounds");
        assertEquals(4, rounds.size(), rounds.toPrettyString());
        String[] order = {a.toString(), b.toString(), a.toString(), b.toString()};
        for (int i = 0; i < 4; i++) {
            assertEquals(order[i], rounds.get(i).get("model").asText(), "alternating, round by round");
            assertEquals(1 + i / 2, rounds.get(i).get("round").asInt());
            assertTrue(rounds.get(i).get("batch1_p50_ms").asDouble() > 0, rounds.get(i).toString());
            assertTrue(rounds.get(i).get("batch_faces_per_second").asDouble() > 0, rounds.get(i).toString());
        }
        JsonNode first = r.get("models").get(0);
        JsonNode second = r.get("models").get(1);
        assertEquals(1.0, first.get("batch1_p50_ratio_to_first").asDouble(), 1e-12);
        double median = (rounds.get(1).get("batch1_p50_ms").asDouble() + rounds.get(3).get("batch1_p50_ms").asDouble())
                / 2;
        assertEquals(median, second.get("batch1_p50_ms_median").asDouble(), 1e-9, "median of B's two rounds");
        assertEquals(median / first.get("batch1_p50_ms_median").asDouble(),
                second.get("batch1_p50_ratio_to_first").asDouble(), 1e-9);
        assertTrue(out.toString().contains("x the first"), out.toString());
    }

    @Test
    void aMissingModelDirectoryIsNamed() throws Exception {
        Path a = TestModels.untrained(tmp.resolve("a"));
        StringWriter err = new StringWriter();
        Path missing = tmp.resolve("no-such-model");
        int exit = Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute("bench", "--short", "--compare-models", a + "," + missing, "--model", a.toString(), "--out",
                        tmp.resolve("x.json").toString());
        assertTrue(exit != 0);
        assertTrue(err.toString().contains(missing.toString()), err.toString());
    }
}
