package dev.facestream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facestream.core.wire.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The drills' reader of {@code keypoints}, as an outside consumer would be: read_committed, a plain
 * Kafka consumer and a JSON tree parser, none of the detector's decoding code
 * ({@code KeypointsRecord}).
 *
 * <p>It is no member of a consumer group: it assigns itself every partition and keeps its
 * positions in memory, with {@code auto.offset.reset=none}. A group member that never commits
 * (as this reader was) has its partitions revoked and assigned again whenever the group
 * rebalances, e.g. when the broker restarts, and then starts over from the earliest offset: the
 * broker restart drill counted every keypoints record read again as a duplicate (docs/reliability.md).
 *
 * <p>A thread follows the topic from the start for progress and arrival times ({@link #await},
 * {@link #firstArrivalAfter}); the verdict ({@link #check}) is taken from a fresh read of the whole
 * topic up to its read_committed end, so it does not depend on what the follower saw.
 */
final class KeypointsAudit implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();
    private final Map<String, Long> lastFrame = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final AtomicLong records = new AtomicLong();
    /** System.nanoTime of the last record received. */
    private final AtomicLong lastArrival = new AtomicLong();
    private final List<long[]> arrivals = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile RuntimeException failure;

    KeypointsAudit(String bootstrap) {
        this.bootstrap = bootstrap;
        thread = new Thread(this::follow, "keypoints-audit");
        thread.setDaemon(true);
        thread.start();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        // no group.id: no group, no rebalance, no committed offsets; "none": a lost position is an
        // error, never a silent start over
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        c.partitionsFor(Topics.KEYPOINTS, Duration.ofMinutes(1))
                .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        c.assign(partitions);
        c.seekToBeginning(partitions);
        return c;
    }

    private void follow() {
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(50))) {
                    take(r.value());
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private synchronized void take(byte[] value) {
        long now = System.nanoTime();
        Key k = Key.parse(value, problems);
        if (k != null) {
            seen.merge(k.id(), 1, Integer::sum);
            Long last = lastFrame.put(k.stream, k.frame);
            if (last != null && k.frame < last) {
                problems.add("read live: " + k.stream + " frame " + k.frame + " after " + last);
            }
        }
        records.incrementAndGet();
        lastArrival.set(now);
        arrivals.add(new long[] {now, records.get()});
    }

    /** The (stream, frame, face) of a keypoints record, read as plain JSON. */
    private record Key(String stream, long frame, long face) {
        String id() {
            return CropFeed.key(stream, frame, (int) face);
        }

        static Key parse(byte[] value, List<String> problems) {
            try {
                JsonNode n = JSON.readTree(value);
                Key k = new Key(n.get("stream").asText(), n.get("frame").asLong(), n.get("face").asLong());
                for (JsonNode p : n.get("keypoints")) {
                    if (!p.isNull() && !(p.get(0).isNumber() && p.get(1).isNumber())) {
                        problems.add(k.id() + ": keypoint not numeric: " + p);
                    }
                }
                return k;
            } catch (IOException | RuntimeException e) {
                problems.add("not a keypoints JSON record: " + e.getMessage());
                return null;
            }
        }
    }

    /** System.nanoTime when the last record arrived. */
    long lastArrivalNanos() {
        return lastArrival.get();
    }

    /** Records read so far, duplicates included. */
    long records() {
        return records.get();
    }

    /** Distinct (stream, frame, face) read so far. */
    long distinct() {
        return seen.size();
    }

    /**
     * Waits until {@code n} distinct crops have been answered (a duplicate does not count); false when
     * none arrived for {@code stall}. Progress, not a deadline: on a machine shared with other work
     * the detector may be slow, but it must not stop.
     */
    boolean await(long n, Duration stall) throws InterruptedException {
        long last = records.get();
        long deadline = System.nanoTime() + stall.toNanos();
        while (distinct() < n && System.nanoTime() < deadline) {
            if (failure != null) {
                throw failure;
            }
            Thread.sleep(50);
            long now = records.get();
            if (now != last) {
                last = now;
                deadline = System.nanoTime() + stall.toNanos();
            }
        }
        return distinct() >= n;
    }

    /** Nanoseconds from {@code sinceNanos} to the first record that arrived after {@code sinceNanos + graceNanos}. */
    synchronized long firstArrivalAfter(long sinceNanos, long graceNanos) {
        for (long[] a : arrivals) {
            if (a[0] > sinceNanos + graceNanos) {
                return a[0] - sinceNanos;
            }
        }
        return -1;
    }

    /**
     * What broke exactly-once, from a fresh read_committed read of the whole {@code keypoints} topic
     * up to its end: every expected key once, nothing else, frame order per stream (in offset order
     * per partition). Empty when all is well. Also what the follower saw that the fresh read
     * cannot (a record read twice live).
     */
    List<String> check(List<String> expected) {
        Set<String> expectedKeys = new HashSet<>(expected);
        List<String> out = new ArrayList<>();
        Map<String, Integer> count = new HashMap<>();
        Map<String, Long> last = new HashMap<>();
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            // under read_committed the end offsets are the last stable offsets: nothing is left open
            Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    read++;
                    Key k = Key.parse(r.value(), out);
                    if (k == null) {
                        continue;
                    }
                    count.merge(k.id(), 1, Integer::sum);
                    Long before = last.put(k.stream, k.frame);
                    if (before != null && k.frame < before) {
                        out.add(k.stream + ": frame " + k.frame + " after " + before + " (" + r.topic() + "-"
                                + r.partition() + "@" + r.offset() + ")");
                    }
                }
            }
        }
        long missing = expectedKeys.stream().filter(k -> !count.containsKey(k)).count();
        long duplicated = count.values().stream().filter(n -> n > 1).count();
        long unexpected = count.keySet().stream().filter(k -> !expectedKeys.contains(k)).count();
        if (missing > 0 || duplicated > 0 || unexpected > 0) {
            out.add(missing + " lost, " + duplicated + " duplicated, " + unexpected + " unexpected of "
                    + expectedKeys.size() + " (" + read + " records in the topic)");
        }
        synchronized (this) {
            out.addAll(problems);
            long twiceLive = seen.values().stream().filter(n -> n > 1).count();
            if (twiceLive > 0) {
                out.add("read live: " + twiceLive + " records twice (" + records.get() + " records)");
            }
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
