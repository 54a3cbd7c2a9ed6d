package dev.facestream.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.core.model.ModelDirectory;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.producer.FaceCropProducer;
import dev.facestream.testkit.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sample videos through real producers, the embedded broker and the detector. */
class StreamIntegrationTest {
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
            kafka.createTopics(1, Topics.FACE_CROPS, Topics.KEYPOINTS, Topics.FACE_CROPS_DLQ);
            KeypointDetector.Options options = new KeypointDetector.Options(kafka.bootstrapServers(), "it-detector",
                    model, "cpu", 16, Duration.ofMillis(20), 1, tmp.resolve("state"));
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

    private static String id(String stream, long frame, int face) {
        return stream + "/" + frame + "/" + face;
    }

    private static CompletableFuture<FaceCropProducer.Stats> produce(EmbeddedKafka kafka, Path video, String stream,
            Map<String, List<String>> published) {
        List<String> ids = new ArrayList<>();
        synchronized (published) {
            published.put(stream, ids);
        }
        FaceCropProducer p = new FaceCropProducer(FaceCropProducer.Options.defaults(video.toString(),
                kafka.bootstrapServers()).withStreamId(stream).withPace(false), (frame, crops) -> {
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
        List<KeypointsRecord> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.KEYPOINTS));
            // bounded by poll count; each poll returns as soon as records are there
            int emptyAfterDone = 0;
            for (int polls = 0; polls < 600 && emptyAfterDone < 3; polls++) {
                var records = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> r : records) {
                    KeypointsRecord k = KeypointsRecord.fromJson(r.value());
                    assertEquals(k.stream(), r.key(), "keyed by stream id");
                    out.add(k);
                }
                if (out.size() >= expected && records.isEmpty()) {
                    emptyAfterDone++;
                }
            }
        }
        return out;
    }
}
