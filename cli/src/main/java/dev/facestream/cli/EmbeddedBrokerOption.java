package dev.facestream.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --embedded-broker-dir}: where the embedded broker of a command run without a cluster keeps
 * its data, so that a later command on the same directory finds it. The reason is the review
 * queue: {@code process --review-below} on the one-command default queues faces on its embedded
 * broker, and {@code review --embedded-broker-dir} walks them after it has ended.
 */
final class EmbeddedBrokerOption {
    @Option(names = "--embedded-broker-dir", paramLabel = "DIR",
            description = "without a cluster: keep the embedded broker's data in DIR (created if missing), so that "
                    + "a later command with the same option, e.g. review, finds its topics and records (the review "
                    + "queue among them); default: a temporary directory, deleted at the end")
    Path dir;

    /** Refuses the option beside a cluster, where there is no embedded broker to keep. */
    void checkAgainst(KafkaOptions kafka) {
        if (dir != null && kafka.clusterGiven()) {
            throw new IllegalArgumentException("--embedded-broker-dir " + dir + " goes without a cluster: "
                    + "--bootstrap-servers, --kafka-config or the environment's bootstrap servers name one");
        }
    }
}
