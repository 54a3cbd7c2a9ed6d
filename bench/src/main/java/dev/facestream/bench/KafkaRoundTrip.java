package dev.facestream.bench;

import dev.facestream.connect.KafkaConnection;
import dev.facestream.pipeline.LatencyStats;
import dev.facestream.producer.FaceCropProducer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One Kafka hop of the live pipeline on its own: a record sent with the live producer's settings
 * until a plain consumer of the same broker has it, one at a time, so that nothing queues. Two
 * of these (crops to the detector, keypoints back) are in {@code live.floor_ms}.
 */
final class KafkaRoundTrip {
    /** A topic of the bench's own, so that no part of the pipeline reads these records. */
    static final String TOPIC = "facestream-bench-round-trip";
    private static final int WARM_UP = 20;
    /** Between round trips: about a frame's time at 30 fps, so that batches never form. */
    private static final long GAP_MILLIS = 30;

    private KafkaRoundTrip() {
    }

    /**
     * {@code count} timed round trips (after a warm-up) of {@code payload} on the broker the
     * bench's broker {@code kafka} reaches; the topic must exist.
     */
    static LatencyStats measure(KafkaConnection kafka, byte[] payload, int count) throws InterruptedException {
        Map<String, Object> c = kafka.clientConfig();
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "facestream-bench-round-trip");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        LatencyStats trips = new LatencyStats();
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                FaceCropProducer.producerConfig(kafka.bootstrapServers(), true, kafka.properties()),
                new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition, Duration.ofSeconds(30));
            for (int i = 0; i < WARM_UP + count; i++) {
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(TOPIC, 0, null, payload));
                boolean got = false;
                long deadline = start + Duration.ofSeconds(30).toNanos();
                while (!got) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        got |= r.value().length == payload.length;
                    }
                    if (!got && System.nanoTime() > deadline) {
                        throw new IllegalStateException("a record sent to " + TOPIC + " did not come back within 30 s");
                    }
                }
                if (i >= WARM_UP) {
                    trips.add((System.nanoTime() - start) / 1000);
                }
                Thread.sleep(GAP_MILLIS);
            }
        }
        return trips;
    }
}
