package dev.facestream.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.model.ModelDirectory;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.core.wire.ModelRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.registry.ModelPublisher;
import dev.facestream.registry.ModelTopic;
import dev.facestream.testkit.ClassBroker;
import dev.facestream.testkit.TestCrops;
import dev.facestream.testkit.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models published to the model topic reach running detectors on a real broker: swapped in while
 * crops flow, exactly once, each record naming the model that answered it; rolled back; bad
 * records rejected without stopping anything. Prints the swap times it measures (docs/models.md).
 */
class ModelSwapIT {
    @TempDir
    static Path tmp;

    @RegisterExtension
    static final ClassBroker BROKER = ClassBroker.of(EmbeddedKafka::start);
    static Path modelA;
    static Path modelB;
    static List<FaceCropRecord> crops;

    @BeforeAll
    static void start() throws Exception {
        BROKER.kafka().createTopics(2, Topics.FACE_CROPS, Topics.KEYPOINTS, Topics.FACE_CROPS_DLQ);
        modelA = TestModels.untrained(tmp.resolve("a"), "model-a");
        modelB = TestModels.untrained(tmp.resolve("b"), "model-b");
        crops = new ArrayList<>(TestCrops.of(TestModels.sample("head-pose-male-480x270.gif"), "male", 10));
        crops.addAll(TestCrops.of(TestModels.sample("head-pose-female-480x270.gif"), "female", 10));
        assertTrue(crops.size() >= 10, "the clips show faces, got " + crops.size() + " crops");
    }

    static KeypointDetector detector(String app, String topic, Path fallback, String state) throws Exception {
        KeypointDetector d = KeypointDetector.start(KeypointDetector.Options.builder(fallback)
                .bootstrapServers(BROKER.kafka().bootstrapServers()).applicationId(app).device("cpu").maxBatch(8)
                .maxWait(Duration.ofMillis(20)).stateDir(tmp.resolve(state)).modelTopic(topic, "default").build());
        assertTrue(d.awaitRunning(Duration.ofMinutes(2)), "detector " + state + " runs");
        return d;
    }

    /**
     * A copy of {@code c} as another frame of a stream of this test ({@code test}-prefixed id), so that
     * every crop sent is a distinct (stream, frame). The tests share the broker and its face-crops
     * topic, and a detector group that starts later reads the earlier tests' crops too: each test
     * looks only at its own streams.
     */
    static FaceCropRecord asFrame(FaceCropRecord c, String test, long frame) {
        return new FaceCropRecord(test + "-" + c.streamId(), frame, c.capturedAtMicros(), c.face(), c.track(), c.box(),
                c.transform(), c.frameWidth(), c.frameHeight(), c.crop());
    }

    static long waitFor(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long t0 = System.nanoTime();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - t0 < timeout.toNanos(), what + " within " + timeout);
            Thread.sleep(20);
        }
        return System.nanoTime() - t0;
    }

    @Test
    void aModelPublishedWhileCropsFlowIsServedByBothInstancesAndEveryCropIsAnsweredOnceByOneModel()
            throws Exception {
        String topic = "models-swap";
        ModelPublisher.publish(BROKER.client(), topic, "default", modelA);
        try (KeypointDetector one = detector("swap-app", topic, modelB, "one");
             KeypointDetector two = detector("swap-app", topic, modelB, "two")) {
            assertEquals("model-a", one.servingVersion(), "the topic's model, not --model");
            assertEquals("model-a", two.servingVersion());

            // crops flow in rounds until told to stop, each round the sample crops as new frames
            AtomicBoolean stop = new AtomicBoolean();
            Map<String, List<Long>> sent = new LinkedHashMap<>();
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                long frame = 0;
                while (!stop.get()) {
                    List<FaceCropRecord> round = new ArrayList<>();
                    for (FaceCropRecord c : crops) {
                        round.add(asFrame(c, "swap", frame++));
                    }
                    TestCrops.send(BROKER.kafka().bootstrapServers(), round);
                    synchronized (sent) {
                        round.forEach(c -> sent.computeIfAbsent(c.streamId(), s -> new ArrayList<>()).add(c.frame()));
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            waitFor(() -> one.counters().keypoints() + two.counters().keypoints() > 4L * crops.size(),
                    Duration.ofMinutes(1), "crops answered by model-a");

            long t0 = System.nanoTime();
            ModelPublisher.Published p = ModelPublisher.publish(BROKER.client(), topic, "default", modelB);
            double publishS = (System.nanoTime() - t0) / 1e9;
            long[] at = new long[2];
            KeypointDetector[] both = {one, two};
            waitFor(() -> {
                for (int i = 0; i < 2; i++) {
                    if (at[i] == 0 && "model-b".equals(both[i].servingVersion())) {
                        at[i] = System.nanoTime();
                    }
                }
                return at[0] != 0 && at[1] != 0;
            }, Duration.ofMinutes(1), "both instances serve model-b");
            System.out.printf(Locale.ROOT, "model swap: publish of %d bytes took %.2f s; serving model-b %.2f s"
                    + " and %.2f s after publishing started (two instances, untrained kpcnn-v2 models)%n", p.bytes(),
                    publishS, (at[0] - t0) / 1e9, (at[1] - t0) / 1e9);
            long answeredAtSwap = one.counters().keypoints() + two.counters().keypoints();
            waitFor(() -> one.counters().keypoints() + two.counters().keypoints() > answeredAtSwap + 4L * crops.size(),
                    Duration.ofMinutes(1), "crops answered by model-b");
            stop.set(true);
            sender.get();
            long total;
            synchronized (sent) {
                total = sent.values().stream().mapToLong(List::size).sum();
            }

            Map<String, List<KeypointsRecord>> byStream = new HashMap<>();
            for (KeypointsRecord r : consume("swap-", total)) {
                byStream.computeIfAbsent(r.stream(), s -> new ArrayList<>()).add(r);
            }
            for (var e : sent.entrySet()) {
                List<KeypointsRecord> got = byStream.getOrDefault(e.getKey(), List.of());
                assertEquals(e.getValue(), got.stream().map(KeypointsRecord::frame).toList(),
                        e.getKey() + ": every crop answered exactly once, in order");
                // one swap per task: model-a's answers, then model-b's, never mixed
                int firstB = -1;
                for (int i = 0; i < got.size(); i++) {
                    String v = got.get(i).modelVersion();
                    if (firstB < 0 && v.equals("model-b")) {
                        firstB = i;
                    }
                    assertEquals(firstB < 0 ? "model-a" : "model-b", v, e.getKey() + " record " + i);
                }
                assertTrue(firstB > 0, e.getKey() + ": answered by both models, got first model-b at " + firstB);
            }
            assertEquals(1, one.modelSwaps());
            assertEquals(1, two.modelSwaps());
        }
    }

    @Test
    void theNewestRecordWinsWhateverItsVersionSoRepublishingAnOlderModelRollsBack() throws Exception {
        String topic = "models-rollback";
        ModelPublisher.publish(BROKER.client(), topic, "default", modelB);
        ModelPublisher.publish(BROKER.client(), topic, "default", modelA);
        try (KeypointDetector d = detector("rollback-app", topic, modelB, "rollback")) {
            assertEquals("model-a", d.servingVersion(), "the newest record, though its version sorts first");
            ModelPublisher.publish(BROKER.client(), topic, "default", modelB);
            waitFor(() -> "model-b".equals(d.servingVersion()), Duration.ofMinutes(1), "model-b served");
            ModelPublisher.publish(BROKER.client(), topic, "default", modelA);
            waitFor(() -> "model-a".equals(d.servingVersion()), Duration.ofMinutes(1), "rolled back to model-a");
            assertEquals(2, d.modelSwaps());
        }
    }

    @Test
    void badRecordsAreRejectedWithTheirReasonAndTheServingModelAnswersOn() throws Exception {
        String topic = "models-bad";
        ModelPublisher.publish(BROKER.client(), topic, "default", modelA);
        byte[] good = ModelTopic.readAll(BROKER.client(), topic, Duration.ofSeconds(30)).get(0).value();
        Map<String, byte[]> goodHeaders = ModelTopic.readAll(BROKER.client(), topic, Duration.ofSeconds(30)).get(0).headers();
        try (KeypointDetector d = detector("bad-app", topic, modelB, "bad");
             KafkaProducer<String, byte[]> raw = new KafkaProducer<>(ModelTopic.producerConfig(BROKER.client()))) {
            assertEquals("model-a", d.servingVersion());
            // one at a time: of records read together only the newest is looked at
            // truncated
            sendAndAwaitRejection(d, raw, topic, goodHeaders, java.util.Arrays.copyOf(good, good.length / 3));
            // wrong checksum
            Map<String, byte[]> wrongSha = new HashMap<>(goodHeaders);
            wrongSha.put(ModelRecord.SHA256_HEADER, ModelRecord.sha256(new byte[] {1}).getBytes());
            sendAndAwaitRejection(d, raw, topic, wrongSha, good);
            // not a model at all
            sendAndAwaitRejection(d, raw, topic, goodHeaders, "{\"hello\":1}".getBytes());
            // an unknown architecture and another crop rule, with the right checksum
            ModelRecord r = ModelRecord.decode(good);
            for (String[] edit : new String[][] {{dev.facestream.model.KeypointNetwork.DEFAULT_ARCHITECTURE, "kpcnn-v9"},
                    {"crop-v1", "crop-v7"}}) {
                String meta = new String(r.metadata()).replace("\"" + edit[0] + "\"", "\"" + edit[1] + "\"");
                sendAndAwaitRejection(d, raw, topic, goodHeaders, new ModelRecord(meta.getBytes(), r.weights(),
                        r.report(), r.card(), r.probe()).encode());
            }
            assertEquals(Map.of("TRUNCATED", 1L, "CHECKSUM", 1L, "NOT_A_MODEL", 1L, "ARCHITECTURE", 1L,
                    "CROP_RULE", 1L), d.modelsRejected());
            assertEquals("model-a", d.servingVersion(), "the old model keeps serving");
            assertEquals(org.apache.kafka.streams.KafkaStreams.State.RUNNING, d.state());
            List<FaceCropRecord> more = new ArrayList<>();
            for (int i = 0; i < crops.size(); i++) {
                more.add(asFrame(crops.get(i), "bad", i));
            }
            long before = d.counters().keypoints();
            TestCrops.send(BROKER.kafka().bootstrapServers(), more);
            waitFor(() -> d.counters().keypoints() >= before + more.size(), Duration.ofMinutes(1),
                    "crops answered after the rejections");
            // and a good one after the bad ones is still taken
            ModelPublisher.publish(BROKER.client(), topic, "default", modelB);
            waitFor(() -> "model-b".equals(d.servingVersion()), Duration.ofMinutes(1), "model-b served");
        }
    }

    @Test
    void theShippedElevenMegabyteModelAndATwentyMegabyteRecordBothTravelAndServe() throws Exception {
        // kp-v3 (kpcnn-v2, 11.2 MB weights) is the 11 MB case; the shipped default is 6 MB since v4d
        Path trained = TestModels.trained().resolveSibling("kp-v3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(trained), "no models/kp-v3");
        String topic = "models-size";
        // 20 MB: the shipped weights with a 9 MB model card
        Path big = tmp.resolve("big");
        Files.createDirectories(big);
        for (String f : List.of(ModelDirectory.METADATA_FILE, ModelDirectory.PARAMS_FILE, ModelDirectory.REPORT_FILE)) {
            Files.copy(trained.resolve(f), big.resolve(f));
        }
        Files.writeString(big.resolve(ModelDirectory.METADATA_FILE), Files.readString(big.resolve(
                ModelDirectory.METADATA_FILE)).replaceFirst("\"model_version\" : \"[^\"]*\"", "\"model_version\" : \"big\""));
        Files.writeString(big.resolve(ModelDirectory.CARD_FILE), "x".repeat(9 * 1024 * 1024));
        String trainedVersion = ModelDirectory.readMetadata(trained).modelVersion();
        ModelPublisher.Published p11 = ModelPublisher.publish(BROKER.client(), topic, "default", trained);
        assertTrue(p11.bytes() > 11_000_000, "11 MB: " + p11.bytes());
        try (KeypointDetector d = detector("size-app", topic, modelA, "size")) {
            assertEquals(trainedVersion, d.servingVersion());
            long t0 = System.nanoTime();
            ModelPublisher.Published p20 = ModelPublisher.publish(BROKER.client(), topic, "default", big);
            assertTrue(p20.bytes() > 20_000_000, "20 MB: " + p20.bytes());
            waitFor(() -> "big".equals(d.servingVersion()), Duration.ofMinutes(1), "the 20 MB record served");
            System.out.printf(Locale.ROOT, "model swap: %d-byte record (trained kpcnn-v2 + 9 MB card) serving %.2f s"
                    + " after publishing started%n", p20.bytes(), (System.nanoTime() - t0) / 1e9);
        }
    }

    static void sendAndAwaitRejection(KeypointDetector d, KafkaProducer<String, byte[]> p, String topic,
            Map<String, byte[]> headers, byte[] value) throws Exception {
        long before = rejections(d);
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, "default", value);
        headers.forEach((k, v) -> r.headers().add(k, v));
        p.send(r).get();
        waitFor(() -> rejections(d) > before, Duration.ofMinutes(1), "the record rejected");
    }

    static long rejections(KeypointDetector d) {
        return d.modelsRejected().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Committed keypoints of streams {@code prefix}* until {@code expected} arrived, then a little more to catch extras. */
    static List<KeypointsRecord> consume(String prefix, long expected) {
        return CommittedKeypoints.read(BROKER.kafka().bootstrapServers(), "swap-reader-" + System.nanoTime(), expected, 5,
                        r -> KeypointsRecord.fromJson(r.value()).stream().startsWith(prefix)).stream()
                .map(r -> KeypointsRecord.fromJson(r.value())).toList();
    }
}
