package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The commands built from the part mixins ({@link PipelineOptions}, {@link DetectorPart},
 * {@link PublishTarget}) take every part's options.
 */
class PipelineOptionsTest {
    private static Set<String> options(String command) {
        CommandLine c = Main.commandLine().getSubcommands().get(command);
        return c.getCommandSpec().options().stream().map(CommandLine.Model.OptionSpec::longestName)
                .collect(Collectors.toSet());
    }

    @Test
    void demoProcessAndLiveTakeTheProducersTheDetectorsTheModelTopicsAndKafkasOptions() {
        List<String> parts = List.of("--stream-id", "--fps", "--detect-width", "--model", "--batch-size",
                "--commit-interval-ms",
                "--application-id", "--model-topic", "--model-name", "--bootstrap-servers", "--create-topics");
        for (String command : List.of("demo", "process", "live")) {
            Set<String> options = options(command);
            for (String o : parts) {
                assertTrue(options.contains(o), command + " takes " + o + ": " + options);
            }
        }
        assertTrue(options("demo").contains("--metrics-port"));
        assertTrue(options("process").contains("--metrics-port"));
        assertTrue(!options("live").contains("--metrics-port"), "live serves /metrics beside its page");
        assertTrue(options("live").containsAll(List.of("--bind", "--port", "--max-overlay-wait-ms", "--jpeg-quality")),
                options("live").toString());
    }

    @Test
    void detectStreamTakesTheDetectorsAndTheModelTopicsOptionsButNoProducers() {
        Set<String> options = options("detect-stream");
        for (String o : List.of("--model", "--batch-size", "--model-topic", "--model-name", "--bootstrap-servers",
                "--metrics-port", "--state-dir", "--instance-id")) {
            assertTrue(options.contains(o), "detect-stream takes " + o + ": " + options);
        }
        assertTrue(!options.contains("--fps"), options.toString());
    }

    @Test
    void publishModelAndTrainTakeThePublishTargetsOptions() {
        for (String command : List.of("publish-model", "train")) {
            Set<String> options = options(command);
            for (String o : List.of("--model-topic", "--name", "--bootstrap-servers", "--kafka-config")) {
                assertTrue(options.contains(o), command + " takes " + o + ": " + options);
            }
        }
    }

    @Test
    void demoAndProcessRunUnderTheirOwnNames() {
        assertEquals("demo", Main.commandLine().getSubcommands().get("demo").getCommandSpec().name());
        assertEquals("process", Main.commandLine().getSubcommands().get("process").getCommandSpec().name());
    }
}
