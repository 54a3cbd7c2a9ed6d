package dev.facestream.cli;

import dev.facestream.stream.MetricsServer;
import dev.facestream.stream.RunResult;
import dev.facestream.stream.StreamRun;
import java.io.PrintWriter;

/** What {@code demo} and {@code process} share: Kafka and detector options into a {@link StreamRun}, run, summary. */
final class StreamRunner {
    private StreamRunner() {
    }

    /**
     * Completes {@code settings} from the shared options, runs it with metrics served and Ctrl-C
     * handled, prints the summary to {@code out}; exit code 0 when every crop got its keypoints.
     */
    static int run(String command, StreamRun.Settings settings, ProducerOptions producer, DetectorOptions detector,
            DetectorOptions.Defaults defaults, ModelFollowOptions modelTopic, KafkaOptions kafka, MetricsOptions metrics,
            PrintWriter out) throws Exception {
        producer.validate();
        detector.resolve(defaults);
        settings.fps(producer.fps).detectWidth(producer.detectWidth).detectEvery(producer.detectEvery)
                .model(detector.model, detector.device).modelTopic(modelTopic.topic, modelTopic.name)
                .batching(detector.batchSize, detector.maxWait(), detector.threads)
                .applicationId(detector.applicationId)
                .detectorProperties(detector.streamsProperties())
                .createTopics(kafka.createTopics);
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
