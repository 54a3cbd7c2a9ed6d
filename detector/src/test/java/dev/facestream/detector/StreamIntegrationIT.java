package dev.facestream.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.model.ModelDirectory;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.producer.FaceCropProducer;
import dev.facestream.testkit.TestCrops;
import dev.facestream.testkit.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sample videos through real producers, the embedded broker and the detector. */
class StreamIntegrationIT {
    @TempDir
    Path tmp;

    @Test
    void everyCropBecomesExactlyOneKeypointsRecordInFrameOrder() throws Exception {
        Path male = TestModels.sample("head-pose-male-480x270.gif");
        Path female = TestModels.sample("head-pose-female-480x270.gif");
        Path trained = TestModels.root().resolve("models").resolve("default");
        boolean haveTrained = Files.isRegularFile(trained.resolve(ModelDirectory.PARAMS_FILE));
        Path model = haveTrained ? trained : TestModels.untrained(tmp.resolve("model"));

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, Topics.allNames());
            KeypointDetector.Options options = KeypointDetector.Options.builder(model).device("cpu")
                    .bootstrapServers(kafka.bootstrapServers()).applicationId("it-detector").maxBatch(16)
                    .maxWait(Duration.ofMillis(20)).stateDir(tmp.resolve("state")).build();
            try (KeypointDetector detector = KeypointDetector.start(options)) {
                // (stream, frame, face) of every crop the producers published, in publish order
                Map<String, List<String>> published = new HashMap<>();
                CompletableFuture<FaceCropProducer.Stats> a = produce(kafka, male, "male", published);
                CompletableFuture<FaceCropProducer.Stats> b = produce(kafka, female, "female", published);
                long crops = a.get().cropsPublished() + b.get().cropsPublished();
                assertTrue(crops >= 60, "both clips show a face in most frames, got " + crops + " crops");

                List<KeypointsRecord> out = consume(kafka, crops);
                assertEquals(crops, out.size(), "one keypoints record per crop");
                Map<String, List<String>> seen = new HashMap<>();
                for (KeypointsRecord r : out) {
                    seen.computeIfAbsent(r.stream(), s -> new ArrayList<>()).add(id(r.stream(), r.frame(), r.face()));
                }
                for (String stream : List.of("male", "female")) {
                    List<String> ids = seen.get(stream);
                    assertEquals(ids.size(), new LinkedHashSet<>(ids).size(), stream + ": no duplicates");
                    // same records in the same order as published: frame order per stream
                    assertEquals(published.get(stream), ids, stream + ": every crop once, in frame order");
                }
                assertEquals(0, detector.counters().deadLettered());
                assumeTrue(haveTrained, "no trained model at " + trained + ": delivery checked, geometry skipped");
                out.forEach(Geometry::assertPlausible);
            }
        }
    }

    /**
     * A crop whose offset was committed while it waited in a half-filled batch lives on only in
     * the buffer's changelog. The first instance stops with such a batch (its max wait is an
     * hour); a second one, on an empty state directory, must restore it from the changelog and
     * give each crop exactly one keypoints record, without reading the crops from the input again.
     */
    @Test
    void aHalfFilledBatchCommittedOnOneInstanceIsFinishedByTheNext() throws Exception {
        Path model = TestModels.untrained(tmp.resolve("model"));
        List<FaceCropRecord> crops = fewMaleCrops();
        String app = "restart-detector";
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, Topics.allNames());
            try (KeypointDetector first = KeypointDetector.start(KeypointDetector.Options.builder(model).device("cpu")
                    .bootstrapServers(kafka.bootstrapServers()).applicationId(app).maxBatch(16)
                    .maxWait(Duration.ofHours(1)).stateDir(tmp.resolve("state-first")).build())) {
                TestCrops.send(kafka.bootstrapServers(), crops);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (committedOffset(kafka, app) < crops.size()) {
                    assertTrue(System.nanoTime() < deadline, "the first detector did not commit its input in time");
                    Thread.sleep(50);
                }
                assertEquals(crops.size(), first.counters().crops(), "the first instance read every crop");
                assertEquals(0, first.counters().keypoints(), "and ran none: its batch is half full");
            }
            try (KeypointDetector second = KeypointDetector.start(KeypointDetector.Options.builder(model).device("cpu")
                    .bootstrapServers(kafka.bootstrapServers()).applicationId(app).maxBatch(16)
                    .maxWait(Duration.ofMillis(20)).stateDir(tmp.resolve("state-second")).build())) {
                List<KeypointsRecord> out = consume(kafka, crops.size());
                List<String> expected = new ArrayList<>();
                crops.forEach(c -> expected.add(id(c.streamId(), c.frame(), c.face())));
                List<String> got = new ArrayList<>();
                out.forEach(k -> got.add(id(k.stream(), k.frame(), k.face())));
                assertEquals(expected, got, "every buffered crop exactly once, in order");
                assertEquals(0, second.counters().crops(), "the crops came from the changelog, not the input again");
                assertEquals(crops.size(), second.counters().keypoints());
            }
        }
    }

    @Test
    void withABatchJobsCommitIntervalTheLastKeypointsStillBecomeVisibleOnceTheInputGoesQuiet() throws Exception {
        Path model = TestModels.untrained(tmp.resolve("model"));
        List<FaceCropRecord> crops = fewMaleCrops();
        Duration maxWait = Duration.ofMillis(200);
        // as process runs it (whole batches per fetch), but with a commit interval far longer than
        // this test may take: only the detector's own request can commit these keypoints in time
        Map<String, Object> config = new HashMap<>(KeypointDetector.fetchWholeBatches(16, maxWait));
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Duration.ofMinutes(5).toMillis());
        // Kafka Streams refuses a commit interval longer than the transaction timeout (10 s)
        config.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) Duration.ofMinutes(6).toMillis());
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, Topics.allNames());
            try (KeypointDetector detector = KeypointDetector.start(KeypointDetector.Options.builder(model).device("cpu")
                    .bootstrapServers(kafka.bootstrapServers()).applicationId("quiet-detector").maxBatch(16)
                    .maxWait(maxWait).stateDir(tmp.resolve("state-quiet")).clientConfig(config).build())) {
                TestCrops.send(kafka.bootstrapServers(), crops);
                // a read_committed reader polling for at most 2 minutes: it sees the keypoints only
                // if a commit happened, and the interval alone would not come for 5
                List<KeypointsRecord> out = consume(kafka, crops.size());
                assertEquals(crops.size(), out.size(), "every crop's keypoints committed without waiting for the interval");
                assertTrue(detector.counters().quietCommits() >= 1, "the detector asked for the commit");
            }
        }
    }

    /** The producer's crops of the male clip's first 5 frames: fewer than a batch of 16. */
    private static List<FaceCropRecord> fewMaleCrops() throws Exception {
        List<FaceCropRecord> crops = TestCrops.of(TestModels.sample("head-pose-male-480x270.gif"), "male", 5);
        assertTrue(crops.size() >= 3, "the clip's first frames show a face, got " + crops.size() + " crops");
        return crops;
    }

    /** The detector group's committed offset on face-crops partition 0; 0 before its first commit. */
    private static long committedOffset(EmbeddedKafka kafka, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            OffsetAndMetadata o = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(Topics.FACE_CROPS, 0));
            return o == null ? 0 : o.offset();
        }
    }

    private static String id(String stream, long frame, int face) {
        return stream + "/" + frame + "/" + face;
    }

    private static CompletableFuture<FaceCropProducer.Stats> produce(EmbeddedKafka kafka, Path video, String stream,
            Map<String, List<String>> published) {
        List<String> ids = new ArrayList<>();
        synchronized (published) {
            published.put(stream, ids);
        }
        FaceCropProducer p = new FaceCropProducer(FaceCropProducer.Options.builder(video.toString(),
                kafka.bootstrapServers()).streamId(stream).pace(false).build(), (frame, crops) -> {
                    for (FaceCropRecord c : crops) {
                        ids.add(id(stream, c.frame(), c.face()));
                    }
                });
        return CompletableFuture.supplyAsync(() -> {
            try {
                return p.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Reads committed keypoints until {@code expected} arrived, then a little more to catch extras. */
    private static List<KeypointsRecord> consume(EmbeddedKafka kafka, long expected) {
        return CommittedKeypoints.read(kafka.bootstrapServers(), "it-reader", expected, 3, r -> {
            assertEquals(KeypointsRecord.fromJson(r.value()).stream(), r.key(), "keyed by stream id");
            return true;
        }).stream().map(r -> KeypointsRecord.fromJson(r.value())).toList();
    }
}
