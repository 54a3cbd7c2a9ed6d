package dev.facestream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./facestream}. */
@Command(name = "facestream", mixinStandardHelpOptions = true, version = "facestream 0.1.0",
        description = "Kafka-streamed, real-time facial keypoint detector.",
        subcommands = {
            TrainCommand.class,
            FitConfidenceCommand.class,
            EvaluateCommand.class,
            DetectCommand.class,
            // stream commands (issue 3/4) are listed below this line
            ProduceCommand.class,
            DetectStreamCommand.class,
            DemoCommand.class,
            ProcessCommand.class,
            LiveCommand.class,
            ReviewCommand.class,
            BenchCommand.class,
            PublishModelCommand.class,
            ModelsCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run subcommands through it. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line reading option defaults from {@code env} (see {@link EnvironmentDefaults}). */
    public static CommandLine commandLine(java.util.Map<String, String> env) {
        CommandLine cl = new CommandLine(new Main());
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("facestream " + cmd.getCommandName() + ": " + ex.getMessage());
            if (System.getenv("FACESTREAM_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return 2;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
