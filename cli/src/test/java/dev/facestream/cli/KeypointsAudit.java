package dev.facestream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facestream.core.wire.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The drills' reader of {@code keypoints}, as an outside consumer would be: read_committed, a plain
 * Kafka consumer and a JSON tree parser, none of the detector's decoding code
 * ({@code KeypointsRecord}). Runs on its own thread from the start of the topic, counts every
 * (stream, frame, face) it sees, notes order breaks within a stream, and when each record arrived.
 */
final class KeypointsAudit implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        thread = new Thread(() -> run(bootstrap), "keypoints-audit");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "audit-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.KEYPOINTS));
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
        try {
            JsonNode n = JSON.readTree(value);
            String stream = n.get("stream").asText();
            long frame = n.get("frame").asLong();
            long face = n.get("face").asLong();
            for (JsonNode p : n.get("keypoints")) {
                if (!p.isNull() && !(p.get(0).isNumber() && p.get(1).isNumber())) {
                    problems.add(stream + "/" + frame + ": keypoint not numeric: " + p);
                }
            }
            seen.merge(stream + "/" + frame + "/" + face, 1, Integer::sum);
            Long last = lastFrame.put(stream, frame);
            if (last != null && frame < last) {
                problems.add(stream + ": frame " + frame + " after " + last);
            }
        } catch (Exception e) {
            problems.add("not a keypoints JSON record: " + e.getMessage());
        }
        records.incrementAndGet();
        lastArrival.set(now);
        arrivals.add(new long[] {now, records.get()});
    }

    /** System.nanoTime when the last record arrived. */
    long lastArrivalNanos() {
        return lastArrival.get();
    }

    long records() {
        return records.get();
    }

    /**
     * Waits until {@code n} records have arrived; false when none arrived for {@code stall}. Progress,
     * not a deadline: on a machine shared with other work the detector may be slow, but it must
     * not stop.
     */
    boolean await(long n, Duration stall) throws InterruptedException {
        long last = records.get();
        long deadline = System.nanoTime() + stall.toNanos();
        while (records.get() < n && System.nanoTime() < deadline) {
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
        return records.get() >= n;
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
     * What broke exactly-once: every expected key once, nothing else, frame order per stream.
     * Empty when all is well.
     */
    synchronized List<String> check(List<String> expected) {
        java.util.Set<String> expectedKeys = new java.util.HashSet<>(expected);
        List<String> out = new ArrayList<>(problems);
        long missing = 0;
        long duplicated = 0;
        for (String k : expectedKeys) {
            int n = seen.getOrDefault(k, 0);
            if (n == 0) {
                missing++;
            } else if (n > 1) {
                duplicated++;
            }
        }
        long unexpected = seen.keySet().stream().filter(k -> !expectedKeys.contains(k)).count();
        if (missing > 0 || duplicated > 0 || unexpected > 0) {
            out.add(missing + " lost, " + duplicated + " duplicated, " + unexpected + " unexpected of "
                    + expectedKeys.size() + " (" + records.get() + " records read)");
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
