package dev.facestream.pipeline;

import dev.facestream.connect.KafkaConnection;

import dev.facestream.core.metrics.MetricNames;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.core.wire.Topic;
import dev.facestream.core.wire.WireCodec;
import dev.facestream.core.wire.WireFormatException;
import dev.facestream.core.wire.WireTime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code keypoints} topic from "now" on and hands every record that passes a filter to
 * a listener, on its own thread: the consumer end of {@code demo}, {@code process} and the live
 * overlay.
 *
 * <p>It reads {@code read_committed}, so it sees exactly the detector's committed output, once
 * per crop. It assigns itself every partition and starts at their ends, fixed before
 * {@link #start} returns: start it before the producer, and it misses nothing of the run and
 * sees nothing older. No consumer group is joined (no rebalancing delay, no offsets committed):
 * a collector is a viewer, not a worker.
 */
public final class KeypointsCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeypointsCollector.class);

    /**
     * One keypoints record as received.
     *
     * @param record           the parsed record
     * @param json             its bytes exactly as the detector wrote them
     * @param receivedAtMicros when this consumer got it (wall clock, microseconds since the epoch)
     */
    public record Received(KeypointsRecord record, byte[] json, long receivedAtMicros) {
        /** Capture to receipt, microseconds. */
        public long latencyMicros() {
            return receivedAtMicros - record.capturedAtMicros();
        }
    }

    /** Called on the collector's thread for every accepted record, in partition order. */
    public interface Listener {
        void onKeypoints(Received received);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final WireCodec<KeypointsRecord> codec;
    private final KafkaClientMetrics clientMetrics;
    private final Thread thread;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private volatile boolean closing;

    private KeypointsCollector(KafkaConsumer<String, byte[]> consumer, WireCodec<KeypointsRecord> codec,
            KafkaClientMetrics clientMetrics,
            Predicate<KeypointsRecord> filter, Listener listener, MeterRegistry registry) {
        this.consumer = consumer;
        this.codec = codec;
        this.clientMetrics = clientMetrics;
        Counter received = Counter.builder(MetricNames.CONSUMER_KEYPOINTS)
                .description("keypoints records read by a consumer of the keypoints topic (demo, process, live)")
                .register(registry);
        Timer endToEnd = Timer.builder(MetricNames.END_TO_END_LATENCY)
                .tag(MetricNames.TAG_AT, MetricNames.AT_CONSUMER)
                .description("frame capture to keypoints (at=detector: forwarded by the detector;"
                        + " at=consumer: read by a consumer of the keypoints topic)")
                .serviceLevelObjectives(MetricNames.latencyBuckets()).register(registry);
        this.thread = new Thread(() -> loop(filter, listener, received, endToEnd), "facestream-collector");
        thread.setDaemon(true);
    }

    /**
     * Positions a consumer at the current end of every partition of {@code topic}, then starts
     * delivering the records that pass {@code filter} to {@code listener}.
     *
     * @throws IllegalStateException when the topic does not exist or Kafka does not answer
     */
    public static KeypointsCollector start(KafkaConnection kafka, Topic<KeypointsRecord> topic,
            Predicate<KeypointsRecord> filter, MeterRegistry registry, Listener listener) {
        return start(kafka, topic, true, filter, registry, listener);
    }

    /**
     * As {@link #start(KafkaConnection, Topic, Predicate, MeterRegistry, Listener)}; with
     * {@code readCommitted} false the collector also sees keypoints of transactions the detector
     * has not committed yet, up to a commit interval sooner. Only for viewers (the live overlay):
     * after a detector crash such keypoints may be delivered twice.
     */
    public static KeypointsCollector start(KafkaConnection kafka, Topic<KeypointsRecord> topic, boolean readCommitted,
            Predicate<KeypointsRecord> filter, MeterRegistry registry, Listener listener) {
        Map<String, Object> c = kafka.clientConfig();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "facestream-collector");
        // keypoints are small and wanted at once: do not wait to fill a fetch
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer());
        try {
            var infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist on " + kafka.bootstrapServers());
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // seekToEnd is lazy; asking for the positions fixes them now, before anything is produced
            for (TopicPartition p : partitions) {
                consumer.position(p, Duration.ofSeconds(30));
            }
        } catch (RuntimeException e) {
            consumer.close();
            throw e instanceof IllegalStateException ? e
                    : new IllegalStateException("cannot read " + topic + " on " + kafka.bootstrapServers() + ": " + e, e);
        }
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(registry);
        KeypointsCollector collector = new KeypointsCollector(consumer, topic.codec(), metrics, filter, listener, registry);
        collector.thread.start();
        return collector;
    }

    private void loop(Predicate<KeypointsRecord> filter, Listener listener, Counter received, Timer endToEnd) {
        try {
            while (!closing) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = WireTime.nowMicros();
                    KeypointsRecord k;
                    try {
                        k = codec.decode(r.value());
                    } catch (WireFormatException e) {
                        // not the detector's output: another writer on the topic. Skip, but say so once in a while.
                        if (unreadable.incrementAndGet() % 1000 == 1) {
                            LOG.warn("skipping unreadable record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                                    e.getMessage());
                        }
                        continue;
                    }
                    if (!filter.test(k)) {
                        continue;
                    }
                    Received rec = new Received(k, r.value(), now);
                    accepted.incrementAndGet();
                    received.increment();
                    endToEnd.record(Math.max(0, rec.latencyMicros()), TimeUnit.MICROSECONDS);
                    listener.onKeypoints(rec);
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll: normal end
        } catch (Throwable e) {
            error.set(e);
            LOG.error("keypoints collector stopped: {}", e.toString());
        } finally {
            // the consumer is single-threaded: the thread that polls it closes it
            clientMetrics.close();
            consumer.close();
        }
    }

    /** Records accepted by the filter and delivered so far. */
    public long accepted() {
        return accepted.get();
    }

    /** Records on the topic that were not keypoints JSON (skipped). */
    public long unreadable() {
        return unreadable.get();
    }

    /** Why the collector stopped on its own, or null while it runs. */
    public Throwable error() {
        return error.get();
    }

    /** Stops delivering and closes the consumer (on the collector's thread, which owns it). */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
