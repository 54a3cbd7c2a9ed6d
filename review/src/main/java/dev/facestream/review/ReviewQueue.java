package dev.facestream.review;

import dev.facestream.connect.KafkaConnection;
import dev.facestream.core.wire.FaceReviewRecord;
import dev.facestream.core.wire.LabelledCsv;
import dev.facestream.core.wire.SizeLimits;
import dev.facestream.core.wire.Topic;
import dev.facestream.core.wire.WireFormatException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review topic walked one face at a time, from where the labelled folder's progress says.
 * A plain consumer with its partitions assigned, not a consumer group: the progress belongs to
 * the folder the labels go to (one file, written after each label), so a restart, or another
 * folder, continues from its own place. {@code read_committed}, so a detector's aborted
 * transaction never reaches a person.
 *
 * <p>Records that are not review records, or whose crop is not Kaggle's 96x96, are written to the
 * folder's unreadable list (partition, offset, why) and passed: they stay in the topic.
 *
 * <p>Thread-safe: every method takes the queue's lock (a Kafka consumer is used by one thread at
 * a time), and the page's requests are few.
 */
final class ReviewQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewQueue.class);
    private static final int MAX_POLL_RECORDS = 50;

    /** A face waiting for an answer, where it is in the topic; or a record that is not one ({@code error}). */
    record Pending(TopicPartition partition, long offset, FaceReviewRecord record, String error) {
        String key() {
            return ReviewQueue.key(partition);
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topic<FaceReviewRecord> topic;
    private final LabelledFolder folder;
    private final Deque<Pending> buffer = new ArrayDeque<>();
    private final List<TopicPartition> partitions;

    private ReviewQueue(KafkaConsumer<byte[], byte[]> consumer, Topic<FaceReviewRecord> topic, LabelledFolder folder,
            List<TopicPartition> partitions) {
        this.consumer = consumer;
        this.topic = topic;
        this.folder = folder;
        this.partitions = partitions;
    }

    /**
     * Assigns every partition of {@code topic} and seeks each to the folder's progress (the
     * beginning where there is none).
     *
     * @throws IllegalStateException naming the topic when it does not exist
     */
    static ReviewQueue open(KafkaConnection kafka, Topic<FaceReviewRecord> topic, LabelledFolder folder,
            Duration timeout) {
        Map<String, Object> c = new HashMap<>(kafka.clientConfig());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // an offset past the end (the topic was recreated) or before the start (retention): from the start
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        c.put(SizeLimits.MAX_PARTITION_FETCH_BYTES, SizeLimits.CONSUMER_MAX_PARTITION_FETCH_BYTES);
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "facestream-review");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic.name() + " does not exist on " + kafka
                        + " (a detector with --review-below creates it; or --create-topics)");
            }
            List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                    .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
            consumer.assign(parts);
            for (TopicPartition p : parts) {
                Long next = folder.nextOffset(key(p));
                if (next != null) {
                    consumer.seek(p, next);
                } else {
                    consumer.seekToBeginning(List.of(p));
                }
            }
            return new ReviewQueue(consumer, topic, folder, parts);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    static String key(TopicPartition p) {
        return p.topic() + "-" + p.partition();
    }

    /**
     * The face to review now, waiting up to {@code wait} for one; null when the queue is empty.
     *
     * @throws IOException when the folder cannot be written (an unreadable record is noted there)
     */
    synchronized Pending current(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (buffer.isEmpty()) {
            long left = deadline - System.nanoTime();
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofNanos(Math.max(0, left)))) {
                TopicPartition p = new TopicPartition(r.topic(), r.partition());
                try {
                    FaceReviewRecord f = topic.codec().decode(r.value());
                    if (f.crop().width() != LabelledCsv.SIDE) {
                        throw new WireFormatException(WireFormatException.Reason.INVALID, "crop side "
                                + f.crop().width() + ": the labelled folder takes " + LabelledCsv.SIDE + "x"
                                + LabelledCsv.SIDE + " crops (Kaggle's)");
                    }
                    buffer.add(new Pending(p, r.offset(), f, null));
                } catch (WireFormatException e) {
                    // noted when it reaches the head, so the progress moves in offset order
                    buffer.add(new Pending(p, r.offset(), null, e.reason() + ": " + e.getMessage()));
                }
            }
            drainUnreadable();
            if (System.nanoTime() >= deadline) {
                break;
            }
        }
        return buffer.peekFirst();
    }

    /** Records the first waiting face's answer and moves on. */
    synchronized void answered(Pending p) {
        if (buffer.peekFirst() != p) {
            throw new IllegalStateException("not the face under review");
        }
        buffer.removeFirst();
        try {
            drainUnreadable();
        } catch (IOException e) {
            LOG.warn("cannot note an unreadable record in {}: {}", folder.dir(), e.toString());
        }
    }

    /** Unreadable records at the head of the buffer (behind faces answered since): noted and dropped. */
    private void drainUnreadable() throws IOException {
        while (!buffer.isEmpty() && buffer.peekFirst().error() != null) {
            Pending bad = buffer.removeFirst();
            LOG.warn("{} offset {}: {}; noted in {}", bad.key(), bad.offset(), bad.error(), LabelledFolder.UNREADABLE);
            folder.unreadable(bad.key(), bad.offset(), bad.error());
        }
    }

    /** Records in the topic not reviewed yet (committed ones; the buffered included), or -1 when Kafka does not say. */
    synchronized long remaining() {
        try {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(2));
            long n = 0;
            for (TopicPartition p : partitions) {
                long position = consumer.position(p, Duration.ofSeconds(2));
                n += Math.max(0, end.getOrDefault(p, position) - position);
            }
            return n + buffer.size();
        } catch (KafkaException e) {
            LOG.debug("end offsets of {}: {}", topic.name(), e.toString());
            return -1;
        }
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
