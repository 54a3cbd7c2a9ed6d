package dev.facestream.bench;

import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.core.wire.WireTime;
import dev.facestream.connect.KafkaConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Notes when each crop on {@code face-crops} becomes readable: the "broker" stage of the live
 * benchmark ends here. A plain consumer from the topic's end, no group, on its own thread; its
 * fetch is answered by the same broker wake-up as the detector's.
 */
final class CropObserver implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean closing;

    CropObserver(KafkaConnection kafka, StageClock clock) {
        Map<String, Object> c = kafka.clientConfig();
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "facestream-bench-observer");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.FACE_CROPS, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
        thread = new Thread(() -> {
            try {
                while (!closing) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        long now = WireTime.nowMicros();
                        FaceCropRecord crop = FaceCropRecord.decode(r.value());
                        clock.fetched(crop.capturedAtMicros(), crop.face(), now);
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }, "facestream-bench-observer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        thread.join();
    }
}
