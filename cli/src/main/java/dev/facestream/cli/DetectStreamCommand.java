package dev.facestream.cli;

import dev.facestream.core.wire.Topics;
import dev.facestream.detector.KeypointDetector;
import dev.facestream.registry.ModelTopic;
import dev.facestream.connect.KafkaConnection;
import dev.facestream.connect.KafkaTopics;
import dev.facestream.connect.MetricsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facestream detect-stream}: the detector service, face-crops -> keypoints, until stopped. */
@Command(name = "detect-stream", mixinStandardHelpOptions = true,
        description = {"Run the keypoint detector as a Kafka Streams application: face-crops -> keypoints, bad records"
                + " to face-crops-dlq. Runs until Ctrl-C or SIGTERM.",
            "Start more instances with the same --application-id to share the partitions."})
public final class DetectStreamCommand implements Callable<Integer> {
    @Mixin
    DetectorPart detector;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Kafka Streams state directory (default: a new temporary one)")
    Path stateDir;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "this instance's stable id in the consumer group (Kafka static membership,"
                    + " group.instance.id): restarted with the same id after a crash, it gets its partitions back at"
                    + " once instead of after the dead member's session timeout (docs/reliability.md). Must differ"
                    + " between the instances of one --application-id. Default: the host name (a container's"
                    + " hostname); 'none': dynamic membership")
    String instanceId;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    MetricsOptions metrics;

    /** The cluster's client properties with this instance's static membership over them. */
    private Map<String, Object> clusterProperties(KafkaConnection k) {
        Map<String, Object> p = new HashMap<>(k.properties());
        p.putAll(StaticMembership.of(instanceId));
        return p;
    }

    @Override
    public Integer call() throws Exception {
        KeypointDetector.Options served = detector.resolve(DetectorOptions.Defaults.SERVICE);
        KafkaConnection k = kafka.resolve();
        KafkaTopics.ensure(k, kafka.createTopics, Duration.ofSeconds(30), Topics.allNames());
        if (detector.modelTopic.given()) {
            ModelTopic.ensure(k.clientConfig(), detector.modelTopic.topic, kafka.createTopics, Duration.ofSeconds(30));
        }
        KeypointDetector.Options options = served.on(k.bootstrapServers(), clusterProperties(k), stateDir);
        try (MetricsServer m = metrics.start(MetricsOptions.DETECT_PORT);
             KeypointDetector d = KeypointDetector.start(options, m.registry());
             Shutdown ignored = Shutdown.onSignal(d::close)) {
            System.err.println("detecting: " + k + " as " + detector.options.applicationId + ", model "
                    + d.servingVersion() + " on " + d.model().deviceName() + " (Ctrl-C to stop)");
            d.awaitStop();
            if (d.failed()) {
                System.err.println("facestream detect-stream: stopped: "
                        + (d.failure() != null ? d.failure() : "the detector failed (see the log above)") + "; "
                        + d.counters());
                return 1;
            }
        }
        return 0;
    }
}
