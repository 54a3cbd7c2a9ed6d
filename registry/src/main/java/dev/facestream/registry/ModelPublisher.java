package dev.facestream.registry;

import dev.facestream.core.wire.ModelRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Publishes a model directory to the model topic: checks and packs it ({@link ModelPackage}),
 * creates the topic when it is missing ({@link ModelTopic#configs()}), refuses a record the
 * topic cannot take, and sends it keyed by name with the headers of {@link ModelRecord.Headers}.
 * {@code facestream publish-model} and {@code facestream train --publish} both call it.
 */
public final class ModelPublisher {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ModelPublisher() {
    }

    /** What was published. */
    public record Published(String topic, String name, String version, String sha256, int bytes, long offset,
            String publishedAt, String host) {
        @Override
        public String toString() {
            return "model " + name + " version " + version + " (" + bytes + " bytes, sha256 " + sha256.substring(0, 12)
                    + "...) published to " + topic + " at offset " + offset + " from " + host + " at " + publishedAt;
        }
    }

    /** Checks, packs and publishes {@code dir} as {@code name}. */
    public static Published publish(Map<String, Object> clientConfig, String topic, String name, Path dir)
            throws ModelRejectedException, IOException {
        return publish(clientConfig, topic, name, ModelPackage.of(dir));
    }

    /** Publishes an already packed model. */
    public static Published publish(Map<String, Object> clientConfig, String topic, String name, ModelPackage pack)
            throws ModelRejectedException {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the model name must not be empty");
        }
        int maxMessage = ModelTopic.ensure(clientConfig, topic, true, TIMEOUT);
        int limit = ModelTopic.maxValueBytes(maxMessage);
        int size = pack.record().encodedSize();
        if (size > limit) {
            throw new ModelRejectedException(ModelRejectedException.Reason.OVERSIZED, "model "
                    + pack.metadata().modelVersion() + " is " + size + " bytes as a record, more than topic " + topic
                    + " takes (max.message.bytes " + maxMessage + ", at most " + limit + " for the value; see"
                    + " docs/models.md)");
        }
        String host = hostName();
        String now = Instant.now().toString();
        ModelRecord.Headers headers = new ModelRecord.Headers(pack.metadata().modelVersion(), pack.sha256(), now, host);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, name, pack.record().encode());
        headers.toBytes().forEach((k, v) -> record.headers().add(k, v));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ModelTopic.producerConfig(clientConfig))) {
            RecordMetadata m = producer.send(record).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Published(topic, name, headers.version(), headers.sha256(), size, m.offset(), now, host);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                throw new ModelRejectedException(ModelRejectedException.Reason.OVERSIZED, "Kafka refused model "
                        + headers.version() + " (" + size + " bytes) as too large: " + e.getCause().getMessage());
            }
            throw new IllegalStateException("publishing model " + headers.version() + " to " + topic + " failed: "
                    + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("publishing model " + headers.version() + " to " + topic
                    + " timed out after " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    /** This machine's name for the host header: HOSTNAME, else what the resolver says. */
    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A header value as text, or null. */
    static String text(byte[] v) {
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
