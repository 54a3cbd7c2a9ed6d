package dev.facestream.cli;

import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The drills' input: sample crops renumbered as frames 0..n-1 of {@code streams} streams, published
 * to {@code face-crops} at a steady rate on a thread of its own, as cameras would (an idempotent
 * producer: a broker restart neither loses nor doubles a crop). Bad records can be mixed in.
 *
 * <p>Stream {@code camS} goes to partition {@code S} modulo the partition count, so that every
 * partition carries a stream: with the key's hash, {@code cam0}, {@code cam1} and {@code cam3} all
 * land on partition 3 of 4 and partitions 0 and 1 stay empty.
 */
final class CropFeed implements AutoCloseable {
    /**
     * What the feed sends.
     *
     * @param bootstrap the broker
     * @param sample    the crops, sent over and over
     * @param streams   streams (cameras) the crops are spread over
     * @param count     crops in all
     * @param perSecond the steady rate
     * @param bad       records to send in place of the good crop with that index (index = position in the feed)
     */
    record Plan(String bootstrap, List<FaceCropRecord> sample, int streams, int count, double perSecond,
            Map<Long, byte[]> bad) {
    }

    private final Plan plan;
    private final List<String> keys = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final java.util.concurrent.ConcurrentMap<Integer, AtomicLong> ackedByPartition =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentMap<Integer, AtomicLong> sentByPartition =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicReference<Exception> error = new AtomicReference<>();
    private Thread thread;

    CropFeed(Plan plan) {
        this.plan = plan;
    }

    static String key(String stream, long frame, int face) {
        return stream + "/" + frame + "/" + face;
    }

    CropFeed start() {
        thread = new Thread(this::run, "crop-feed");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, plan.bootstrap(),
                ProducerConfig.CLIENT_ID_CONFIG, "crop-feed",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000),
                new StringSerializer(), new ByteArraySerializer())) {
            int partitions = p.partitionsFor(Topics.FACE_CROPS).size();
            long t0 = System.nanoTime();
            long[] frames = new long[plan.streams()];
            for (long i = 0; i < plan.count(); i++) {
                long due = t0 + (long) (i * 1e9 / plan.perSecond());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                int s = (int) (i % plan.streams());
                String stream = "cam" + s;
                byte[] value;
                if (plan.bad().containsKey(i)) {
                    value = plan.bad().get(i);
                } else {
                    FaceCropRecord c = plan.sample().get((int) (i % plan.sample().size()));
                    long frame = frames[s]++;
                    FaceCropRecord r = new FaceCropRecord(stream, frame, dev.facestream.core.wire.WireTime.nowMicros(),
                            0, 1, c.box(), c.transform(), c.frameWidth(), c.frameHeight(), c.crop());
                    synchronized (keys) {
                        keys.add(key(stream, frame, 0));
                    }
                    value = r.encode();
                }
                int partition = s % partitions;
                sentByPartition.computeIfAbsent(partition, x -> new AtomicLong()).incrementAndGet();
                p.send(new ProducerRecord<>(Topics.FACE_CROPS, partition, stream, value), (m, e) -> {
                    if (e != null) {
                        error.compareAndSet(null, e);
                    } else {
                        sent.incrementAndGet();
                        ackedByPartition.computeIfAbsent(partition, x -> new AtomicLong()).incrementAndGet();
                    }
                });
            }
            p.flush();
        } catch (Exception e) {
            error.compareAndSet(null, e);
        }
    }

    /** Waits until everything is sent and acknowledged; the keys of the good crops. */
    List<String> finish() throws Exception {
        thread.join();
        if (error.get() != null) {
            throw new IllegalStateException("the feed's producer failed (" + progress() + "): " + error.get(),
                    error.get());
        }
        synchronized (keys) {
            return List.copyOf(keys);
        }
    }

    long sent() {
        return sent.get();
    }

    /** For failure messages: records sent and acknowledged per partition. */
    String progress() {
        return "feed: sent by partition " + new java.util.TreeMap<>(sentByPartition) + ", acknowledged "
                + new java.util.TreeMap<>(ackedByPartition);
    }

    @Override
    public void close() throws InterruptedException {
        if (thread != null) {
            thread.join(1000);
        }
    }
}
