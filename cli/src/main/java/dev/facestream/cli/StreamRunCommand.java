package dev.facestream.cli;

import dev.facestream.connect.MetricsServer;
import dev.facestream.pipeline.RunResult;
import dev.facestream.pipeline.StreamRun;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What {@code demo} and {@code process} are: one {@link StreamRun} whose producer the command
 * sets up ({@link #settings}), with the pipeline's options and the metrics server mapped from the
 * command line here, run with Ctrl-C handled, and its summary printed.
 */
abstract class StreamRunCommand implements Callable<Integer> {
    @Mixin
    PipelineOptions pipeline;

    @Mixin
    MetricsOptions metrics;

    @Spec
    CommandSpec spec;

    /** The run's settings with the producer's options and outputs; the detector's and Kafka's are filled in here. */
    abstract StreamRun.Settings settings() throws Exception;

    /** The command's detector tuning. */
    abstract DetectorOptions.Defaults detectorDefaults();

    /** Exit code 0 when every crop got its keypoints. */
    @Override
    public final Integer call() throws Exception {
        String command = spec.name();
        StreamRun.Settings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        settings.detector(pipeline.detector.resolve(detectorDefaults()));
        pipeline.connect(settings);
        try (MetricsServer m = metrics.start(MetricsOptions.DEMO_PORT)) {
            StreamRun run = new StreamRun(settings.registry(m.registry()));
            // the summary is printed inside: on Ctrl-C the JVM exits as soon as the hook is released
            try (Shutdown ignored = Shutdown.onSignal(run::stop)) {
                RunResult result = run.run();
                result.print(out, command);
                if (!result.complete()) {
                    out.println(command + ": stopped before every crop had its keypoints");
                    out.flush();
                    return 1;
                }
                return 0;
            }
        }
    }
}
