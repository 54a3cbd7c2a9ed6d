package dev.facestream.cli;

import dev.facestream.connect.MetricsServer;
import dev.facestream.pipeline.RunResult;
import dev.facestream.pipeline.StreamRun;
import java.io.PrintWriter;

/** What {@code demo} and {@code process} share: detector and Kafka options into a {@link StreamRun}, run, summary. */
final class StreamRunner {
    private StreamRunner() {
    }

    /**
     * Completes {@code settings} (which hold the producer's options) with the detector's and Kafka's, runs it with metrics served and Ctrl-C
     * handled, prints the summary to {@code out}; exit code 0 when every crop got its keypoints.
     */
    static int run(String command, StreamRun.Settings settings, DetectorOptions detector,
            DetectorOptions.Defaults defaults, ModelFollowOptions modelTopic, KafkaOptions kafka, MetricsOptions metrics,
            PrintWriter out) throws Exception {
        detector.resolve(defaults);
        settings.detector(modelTopic.applyTo(detector.options())).createTopics(kafka.createTopics);
        if (kafka.clusterGiven()) {
            settings.kafka(kafka.resolve());
        }
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
