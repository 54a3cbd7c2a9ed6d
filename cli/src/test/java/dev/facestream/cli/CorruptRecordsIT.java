package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.wire.DeadLetter;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill: 1000 corrupt records of 14 kinds, one of them just under the broker's 1 MB limit,
 * interleaved with good crops, into a running {@code detect-stream}. Every corrupt record must be
 * in {@code face-crops-dlq} with its reason, the detector must stay up, and every good crop must
 * be answered exactly once (read_committed, without the detector's decoding code).
 */
class CorruptRecordsIT {
    private static final int NEAR_LIMIT = 1_048_400;

    @TempDir
    Path tmp;

    /** A kind of damage and the reason the detector must give. */
    private record Kind(String name, String reason, UnaryOperator<byte[]> damage) {
    }

    /** Field offsets after the 4-byte stream id "camN" (see FaceCropRecord's layout). */
    private static byte[] put(byte[] good, int offset, java.util.function.Consumer<ByteBuffer> w) {
        byte[] b = good.clone();
        ByteBuffer buf = ByteBuffer.wrap(b);
        buf.position(2 + 2 + 4 + offset);
        w.accept(buf);
        return b;
    }

    private static List<Kind> kinds(Random random) {
        return List.of(
                new Kind("truncated", "TRUNCATED", g -> Arrays.copyOf(g, 2 + random.nextInt(g.length - 3))),
                new Kind("empty", "TRUNCATED", g -> new byte[0]),
                new Kind("json", "BAD_MAGIC", g -> "{\"frame\":1}".getBytes(StandardCharsets.UTF_8)),
                new Kind("random bytes", "BAD_MAGIC", g -> {
                    byte[] b = new byte[1 + random.nextInt(20_000)];
                    random.nextBytes(b);
                    b[0] = 0x01;
                    return b;
                }),
                new Kind("version 9", "UNSUPPORTED_VERSION", g -> {
                    byte[] b = g.clone();
                    b[1] = 9;
                    return b;
                }),
                new Kind("trailing bytes", "OVERSIZED", g -> Arrays.copyOf(g, g.length + 1 + random.nextInt(100))),
                new Kind("pixel count", "MISMATCH", g -> put(g, 0, b -> b.putInt(g.length - 96 * 96 - 4, 12))),
                new Kind("NaN box", "INVALID", g -> put(g, 28, b -> b.putFloat(Float.NaN))),
                new Kind("infinite box", "INVALID", g -> put(g, 32, b -> b.putFloat(Float.POSITIVE_INFINITY))),
                new Kind("negative width", "INVALID", g -> put(g, 36, b -> b.putFloat(-1))),
                new Kind("transform 1e300", "INVALID", g -> put(g, 48, b -> b.putDouble(1e300))),
                new Kind("negative frame", "INVALID", g -> put(g, 0, b -> b.putLong(-5))),
                new Kind("zero stream id", "INVALID", g -> {
                    byte[] b = g.clone();
                    b[2] = 0;
                    b[3] = 0;
                    return b;
                }));
    }

    @Test
    void aThousandCorruptRecordsGoToTheDeadLetterTopicAndEveryGoodCropIsAnsweredOnce() throws Exception {
        int corrupt = 1000;
        try (DrillFixture drill = DrillFixture.start("corrupt-records", 3000, tmp)) {
            int total = drill.crops();
            List<FaceCropRecord> sample = drill.sample();
            KeypointsAudit audit = drill.audit();
            // the sample's crops as stream "cam0" etc. encode the same but for the id: damage one of them
            byte[] good = new FaceCropRecord("cam0", 1, 1, 0, 1, sample.get(0).box(), sample.get(0).transform(),
                    sample.get(0).frameWidth(), sample.get(0).frameHeight(), sample.get(0).crop()).encode();
            Random random = new Random(13);
            List<Kind> kinds = kinds(random);
            Map<Long, byte[]> bad = new HashMap<>();
            Map<String, Integer> expectedReasons = new TreeMap<>();
            long step = total / corrupt;
            for (int i = 0; i < corrupt; i++) {
                long index = i * step + random.nextInt((int) step);
                boolean nearLimit = i == corrupt / 2;
                Kind k = kinds.get(i % kinds.size());
                bad.put(index, nearLimit ? Arrays.copyOf(good, NEAR_LIMIT) : k.damage().apply(good));
                expectedReasons.merge(nearLimit ? "OVERSIZED" : k.reason(), 1, Integer::sum);
            }
            assertEquals(corrupt, bad.size());
            try (DrillProcesses.Detector d = drill.detector("drill-corrupt", "corrupt-0", "state", "detector.log",
                    Map.of())) {
                d.awaitStarted(Duration.ofMinutes(2));
                CropFeed feed = drill.feed(200, bad);
                List<String> keys = feed.finish();
                assertEquals(total - corrupt, keys.size());
                assertTrue(audit.await(keys.size(), Duration.ofMinutes(3)), "only " + audit.records() + " of "
                        + keys.size() + " keypoints; log:\n" + d.tail());
                Thread.sleep(2000);
                List<String> problems = audit.check(keys);
                Map<String, Integer> reasons = deadLetterReasons(drill.broker().bootstrap(), corrupt);
                assertTrue(d.process.isAlive(), "the detector is still running; log:\n" + d.tail());
                drill.say(corrupt + " corrupt records of " + (kinds.size() + 1) + " kinds (one of "
                        + NEAR_LIMIT + " bytes) among " + total + ": dead letters by reason " + reasons
                        + " (expected " + expectedReasons + "); good crops: "
                        + DrillFixture.outcome(problems));
                assertEquals(expectedReasons, reasons);
                assertEquals(List.of(), problems);
            }
        }
    }

    /** Reasons of the dead letters, read_committed, once {@code expected} have arrived (or a minute passed). */
    private static Map<String, Integer> deadLetterReasons(String bootstrap, int expected) {
        Map<String, Integer> reasons = new TreeMap<>();
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-audit",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.FACE_CROPS_DLQ));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (all.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            c.poll(Duration.ofSeconds(1)).forEach(all::add);
        }
        for (ConsumerRecord<byte[], byte[]> r : all) {
            var h = r.headers().lastHeader(DeadLetter.REASON_HEADER);
            reasons.merge(h == null ? "(none)" : new String(h.value(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        return reasons;
    }
}
