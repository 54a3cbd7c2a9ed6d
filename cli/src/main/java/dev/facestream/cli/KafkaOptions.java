package dev.facestream.cli;

import dev.facestream.connect.KafkaConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where Kafka is: the options every stream command shares (see {@link KafkaConnection} for precedence). */
final class KafkaOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: bootstrap.servers from --kafka-config or "
                    + KafkaConnection.ENV_PREFIX + "BOOTSTRAP_SERVERS, else " + KafkaConnection.DEFAULT_BOOTSTRAP + ")")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties file (security.protocol, sasl.*, ssl.*, ...); environment variables "
                    + KafkaConnection.ENV_PREFIX + "<NAME> override it, e.g. " + KafkaConnection.ENV_PREFIX
                    + "SASL_JAAS_CONFIG sets sasl.jaas.config")
    Path configFile;

    @Option(names = "--create-topics", description = "create missing topics (cluster defaults for partitions and "
            + "replication) instead of stopping with an error")
    boolean createTopics;

    KafkaConnection resolve() throws IOException {
        return KafkaConnection.resolve(bootstrapServers, configFile, System.getenv());
    }

    /**
     * Whether the user pointed at a cluster at all; {@code demo} and {@code process} start their
     * own embedded broker otherwise.
     */
    boolean clusterGiven() {
        Map<String, String> env = System.getenv();
        return bootstrapServers != null || configFile != null
                || env.containsKey(KafkaConnection.ENV_PREFIX + "BOOTSTRAP_SERVERS");
    }
}
