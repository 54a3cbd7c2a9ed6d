package dev.facestream.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * {@code detect-stream --instance-id}: the {@code group.instance.id} that makes a detector a static
 * member of its consumer group. A static member that crashes and comes back with the same id
 * takes its partitions back without a rebalance; a dynamic one waits for the dead member's
 * session to time out first (45 s by default). Kafka Streams appends the stream thread's index.
 */
final class StaticMembership {
    /** The value that turns static membership off. */
    static final String NONE = "none";

    private StaticMembership() {
    }

    /** The client property for {@code option} (null: the host name), or nothing for {@value #NONE}. */
    static Map<String, Object> of(String option) {
        String id = option != null ? option.strip() : hostName();
        if (id == null || id.isEmpty() || id.equalsIgnoreCase(NONE)) {
            return Map.of();
        }
        return Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id);
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
