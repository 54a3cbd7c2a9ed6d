package dev.facestream.detector;

import dev.facestream.core.wire.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The largest dead letter the detector may send: the smaller of the dead-letter topic's
 * {@code max.message.bytes} (asked of the broker at start) and the detector producer's
 * {@code max.request.size}. {@link DeadLetters} cuts dead letters to it, because under
 * exactly-once a refused record aborts its whole transaction (see there).
 */
final class DeadLetterLimit {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLimit.class);
    /** The Streams config key the limit travels under to {@link DeadLetters}. */
    static final String CONFIG = "facestream.detector.dlq.max.record.bytes";
    /** Kafka's defaults: the broker's {@code message.max.bytes}, the producer's {@code max.request.size}. */
    static final int KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
    static final int KAFKA_DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

    private DeadLetterLimit() {
    }

    static int of(String bootstrapServers, Map<String, Object> clientConfig, Duration timeout) {
        return Math.min(maxRequestSize(clientConfig), maxMessageBytes(bootstrapServers, clientConfig, timeout));
    }

    static int maxRequestSize(Map<String, Object> clientConfig) {
        Object v = clientConfig.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (v == null) {
            v = clientConfig.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        return v == null ? KAFKA_DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(v.toString().trim());
    }

    private static int maxMessageBytes(String bootstrapServers, Map<String, Object> clientConfig, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        // only what the admin client understands: security settings and the like, no Streams keys
        clientConfig.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, Topics.FACE_CROPS_DLQ);
        try (Admin admin = Admin.create(config)) {
            Config c = admin.describeConfigs(List.of(dlq)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(dlq);
            ConfigEntry e = c == null ? null : c.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (e != null && e.value() != null) {
                return Integer.parseInt(e.value());
            }
        } catch (Exception e) {
            LOG.warn("cannot read {} of topic {} ({}); assuming Kafka's default {}", TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    Topics.FACE_CROPS_DLQ, e.toString(), KAFKA_DEFAULT_MAX_MESSAGE_BYTES);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        return KAFKA_DEFAULT_MAX_MESSAGE_BYTES;
    }
}
