package dev.facestream.detector;

import dev.facestream.core.wire.ModelRecord;
import dev.facestream.registry.CheckedModel;
import dev.facestream.registry.ModelChecks;
import dev.facestream.registry.ModelRejectedException;
import dev.facestream.registry.ModelTopic;
import dev.facestream.registry.PublishedModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the model topic for one model name, on its own thread, never the stream threads': each
 * new record of that name is decoded, checked, loaded and warmed up here ({@link ModelChecks}),
 * and only a model that passes is handed to the {@link ModelHolder}, which the stream tasks pick
 * up between two batches. A model that fails is logged in one line with its reason and counted;
 * the one serving goes on serving. The newest record wins, whatever its version string, so
 * publishing an older model again rolls back to it.
 *
 * <p>Reads without a consumer group (partitions assigned, no offsets committed): every detector
 * instance reads the whole topic for itself.
 */
final class ModelFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final String name;
    private final String device;
    private final int warmUpBatch;
    private final ModelMeters meters;
    private Thread thread;
    private volatile boolean running = true;

    ModelFollower(Map<String, Object> clientConfig, String topic, String name, String device, int warmUpBatch,
            ModelMeters meters) {
        this.consumer = new KafkaConsumer<>(ModelTopic.consumerConfig(clientConfig));
        this.topic = topic;
        this.name = name;
        this.device = device;
        this.warmUpBatch = warmUpBatch;
        this.meters = meters;
    }

    /**
     * Reads the topic to its end and returns the newest record of the name that passes every
     * check, loaded; null when there is none. Newer ones that fail are logged and counted.
     */
    CheckedModel initial() {
        List<PublishedModel> all = ModelTopic.readToEnd(consumer, topic, START_TIMEOUT);
        List<PublishedModel> mine = all.stream().filter(p -> name.equals(p.name()) && p.value() != null).toList();
        for (int i = mine.size() - 1; i >= 0; i--) {
            CheckedModel m = check(mine.get(i));
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** Starts following from where {@link #initial()} stopped. */
    void follow(ModelHolder holder) {
        thread = new Thread(() -> loop(holder), "model-follower-" + topic + "-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(ModelHolder holder) {
        try {
            while (running) {
                // of several records read at once only the newest counts: the others are superseded
                PublishedModel newest = null;
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (name.equals(r.key())) {
                        newest = PublishedModel.of(r);
                    }
                }
                if (newest == null) {
                    continue;
                }
                if (newest.value() == null) {
                    LOG.warn("model topic {}: a tombstone for {} at offset {}; model {} keeps serving", topic, name,
                            newest.offset(), holder.current().version());
                    continue;
                }
                ModelHolder.Served now = holder.current();
                try {
                    // a record must be well-formed and match its checksum even to be found a repeat
                    newest.decode();
                } catch (ModelRejectedException e) {
                    reject(e);
                    continue;
                }
                if (ModelRecord.sha256(newest.value()).equals(now.recordSha256())) {
                    LOG.info("model topic {}: {} is the record already serving; nothing to swap", topic,
                            newest.describe());
                    continue;
                }
                long t0 = System.nanoTime();
                CheckedModel m = check(newest);
                if (m != null && running) {
                    holder.serve(new ModelHolder.Served(m.model(), m.version(), m.recordSha256(), m.source()));
                    LOG.info("model {} (was {}) checked in {} ms off the stream threads and swapped in; tasks move"
                            + " to it at their next batch", m.version(), now.version(), (System.nanoTime() - t0) / 1_000_000);
                } else if (m != null) {
                    m.model().close();
                }
            }
        } catch (WakeupException | InterruptException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("model topic {}: the follower stopped ({}); the model serving now keeps serving", topic, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The record checked and loaded, or null (logged in one line and counted) when it fails a check. */
    private CheckedModel check(PublishedModel p) {
        try {
            return ModelChecks.load(p, device, warmUpBatch);
        } catch (ModelRejectedException e) {
            reject(e);
            return null;
        }
    }

    private void reject(ModelRejectedException e) {
        meters.rejected(e.reason());
        LOG.warn("model rejected ({}): {}; the model serving now keeps serving", e.reason(), e.getMessage());
    }

    @Override
    public void close() {
        running = false;
        if (thread == null) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
