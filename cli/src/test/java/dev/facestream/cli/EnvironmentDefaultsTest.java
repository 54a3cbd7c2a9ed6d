package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EnvironmentDefaultsTest {
    @Test
    void variableNamesFollowTheLongOption() {
        assertEquals("FACESTREAM_BOOTSTRAP_SERVERS", EnvironmentDefaults.variableFor("--bootstrap-servers"));
        assertEquals("FACESTREAM_DEVICE", EnvironmentDefaults.variableFor("--device"));
    }

    @Test
    void environmentSetsOptionsAndTheCommandLineWins() {
        Map<String, String> env = Map.of("FACESTREAM_EPOCHS", "7", "FACESTREAM_DEVICE", "cpu");
        CommandLine cl = Main.commandLine(env);
        CommandLine.ParseResult fromEnv = cl.parseArgs("train", "--data", "d", "--out", "o");
        TrainCommand train = (TrainCommand) fromEnv.subcommand().commandSpec().userObject();
        assertEquals(7, train.epochs);
        assertEquals("cpu", train.device);

        CommandLine cl2 = Main.commandLine(env);
        CommandLine.ParseResult fromArgs = cl2.parseArgs("train", "--data", "d", "--out", "o", "--epochs", "3");
        assertEquals(3, ((TrainCommand) fromArgs.subcommand().commandSpec().userObject()).epochs);

        CommandLine cl3 = Main.commandLine(Map.of());
        CommandLine.ParseResult defaults = cl3.parseArgs("train", "--data", "d", "--out", "o");
        assertEquals(80, ((TrainCommand) defaults.subcommand().commandSpec().userObject()).epochs);
    }
}
