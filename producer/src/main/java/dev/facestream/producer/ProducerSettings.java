package dev.facestream.producer;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka producer configuration for live and for batch work. */
final class ProducerSettings {
    /** 512 KB: about 55 crops (9.3 KB each) per request when throughput matters. */
    static final int BATCH_BYTES = 512 * 1024;
    /** How long a batch-work request waits for more crops. */
    static final int BATCH_LINGER_MS = 100;

    private ProducerSettings() {
    }

    /**
     * @param clientConfig the user's client properties (security, timeouts, ...); they override
     *                     the defaults below, except the serializers, which the record format fixes
     */
    static Map<String, Object> of(String bootstrapServers, boolean live, Map<String, ?> clientConfig) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // Idempotence (with acks=all) makes a retried send land exactly once, in order: the
        // detector's "one keypoints record per crop" starts with one crop record per face.
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "facestream-producer");
        if (live) {
            // Live: a frame's crops go out at once. Waiting to fill a batch would add its wait to
            // every frame's latency, and a camera gives at most a few crops per frame anyway.
            c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        } else {
            // Batch (a file with --no-pace): frames come as fast as they can be decoded and nobody
            // waits on one crop, so each request carries about a tenth of a second of crops: short
            // lingers made many more requests, which cost the broker sharing the machine CPU
            // (figures: docs/stream.md, "Batch tuning of process"). The run's last
            // crops do not wait: the producer flushes when the source ends.
            c.put(ProducerConfig.LINGER_MS_CONFIG, BATCH_LINGER_MS);
            c.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        }
        c.putAll(clientConfig);
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return c;
    }
}
