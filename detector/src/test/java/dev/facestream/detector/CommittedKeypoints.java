package dev.facestream.detector;

import dev.facestream.core.wire.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reading the keypoints topic from its start, read_committed, as the detector ITs check what was answered. */
final class CommittedKeypoints {
    private CommittedKeypoints() {
    }

    /**
     * Records of the keypoints topic that {@code accept} keeps (it may also check them), until
     * {@code expected} were kept and {@code quietPolls} polls more came back empty, to catch
     * extras. Bounded by poll count; each poll returns as soon as records are there.
     */
    static List<ConsumerRecord<String, byte[]>> read(String bootstrapServers, String groupId, long expected,
            int quietPolls, java.util.function.Predicate<ConsumerRecord<String, byte[]>> accept) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.KEYPOINTS));
            int emptyAfterDone = 0;
            for (int polls = 0; polls < 600 && emptyAfterDone < quietPolls; polls++) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> r : records) {
                    if (accept.test(r)) {
                        out.add(r);
                    }
                }
                if (out.size() >= expected && records.isEmpty()) {
                    emptyAfterDone++;
                }
            }
        }
        return out;
    }
}
