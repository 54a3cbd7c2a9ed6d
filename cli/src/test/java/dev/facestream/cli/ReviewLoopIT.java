package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.connect.KafkaConnection;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.core.wire.SizeLimits;
import dev.facestream.core.wire.Topics;
import dev.facestream.model.ModelDirectory;
import dev.facestream.model.ModelMetadata;
import dev.facestream.registry.ModelTopic;
import dev.facestream.registry.PublishedModel;

import dev.facestream.review.ReviewRun;
import dev.facestream.testkit.TestModels;
import dev.facestream.trainer.train.TrainingConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import static dev.facestream.testkit.HttpJson.get;
import static dev.facestream.testkit.HttpJson.post;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop of the review issue, through the product's own commands on a real broker:
 * {@code process} a clip with {@code --review-below} so that faces the model doubts reach
 * {@code face-review}; two of them are labelled through the review page's own endpoints (the
 * page in a browser, dragging points, is ReviewPageIT); {@code train --init-from models/default
 * --epochs 1} on the shared data and the labelled folder; the result is published to the model
 * topic. And the same queue on the one-command default, no cluster: {@code process} keeps its
 * embedded broker's data in {@code --embedded-broker-dir}, and {@code review} on that directory
 * walks it after {@code process} has ended.
 */
class ReviewLoopIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every face of this clip's head turns is under this: more are queued than the per-track limit lets through. */
    private static final String BELOW = "0.99";
    private static final int PER_TRACK_MINUTE = 3;
    private static final String CLIP = "head-pose-female-480x270.gif";
    private static final Pattern REVIEW_URL = Pattern.compile("review: (http://\\S+/)");

    @TempDir
    Path tmp;

    @Test
    void doubtedFacesAreQueuedLabelledTrainedOnAndPublished() throws Exception {
        Path model = TestModels.trained();
        Path clip = TestModels.sample(CLIP);
        Path shared = clip.getParent().getParent().resolve("data/youtube-faces-68");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shared), "no shared training data");
        Path jsonl = tmp.resolve("keypoints.jsonl");
        Path labels = tmp.resolve("labels");
        try (EmbeddedKafka broker = EmbeddedKafka.start()) {
            broker.createTopics(1, SizeLimits.topicConfig(), Topics.allNames());
            String servers = broker.bootstrapServers();

            StringWriter out = new StringWriter();
            int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute("process",
                    clip.toString(), "--keypoints", jsonl.toString(), "--model", model.toString(), "--device", "cpu",
                    "--bootstrap-servers", servers, "--metrics-port", "-1", "--no-model-benchmark",
                    "--review-below", BELOW, "--review-per-track-minute", "" + PER_TRACK_MINUTE, "--stream-id", "clip");
            assertEquals(0, exit, out.toString());
            List<KeypointsRecord> records = Files.readAllLines(jsonl, StandardCharsets.UTF_8).stream()
                    .map(l -> KeypointsRecord.fromJson(l.getBytes(StandardCharsets.UTF_8))).toList();
            long doubted = records.stream().filter(r -> !r.confidentAtLeast(Double.parseDouble(BELOW))).count();
            long tracks = records.stream().filter(r -> !r.confidentAtLeast(Double.parseDouble(BELOW)))
                    .map(KeypointsRecord::track).distinct().count();
            assertTrue(records.stream().allMatch(r -> r.confidence() != null), "the shipped model gives a confidence");
            assertTrue(doubted > PER_TRACK_MINUTE * tracks, doubted + " doubted faces on " + tracks + " tracks: the"
                    + " clip no longer tests the per-track limit");

            int queued = committedRecords(servers, Topics.FACE_REVIEW);
            assertEquals(PER_TRACK_MINUTE * tracks, queued, "at most " + PER_TRACK_MINUTE
                    + " per track in the clip's one minute");

            ReviewRun.Settings settings = new ReviewRun.Settings().kafka(KafkaConnection.of(servers)).labels(labels)
                    .http("127.0.0.1", 0);
            int nose = Keypoint.NOSE_TIP.ordinal();
            try (ReviewRun run = ReviewRun.start(settings)) {
                JsonNode next = get(run.url() + "next?wait=30000");
                for (int i = 0; i < 2; i++) {
                    JsonNode face = next.get("face");
                    assertEquals("clip", face.get("stream").asText());
                    float[] xy = keypoints(face);
                    xy[2 * nose] += 1.5f;   // the person's correction
                    next = post(run.url() + "answer", save(face, xy));
                }
                assertEquals(2, run.progress().saved());
            }
            assertEquals(3, Files.readAllLines(labels.resolve("training.csv")).size(), "header and two faces");

            Path trained = tmp.resolve("retrained");
            out = new StringWriter();
            exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute("train",
                    "--data", shared.toString(), "--data", labels + ":2", "--init-from", model.toString(),
                    "--epochs", "1", "--out", trained.toString(),
                    "--work", tmp.resolve("work").toString(), "--cache", tmp.resolve("cache").toString(),
                    "--model-version", "loop-test", "--device", "cpu",
                    "--publish", "--publish-always", "--bootstrap-servers", servers);
            assertEquals(0, exit, out.toString());
            ModelMetadata m = ModelDirectory.readMetadata(trained);
            assertEquals(ModelDirectory.readMetadata(model).architecture(), m.architecture());
            // a fine-tune keeps what the initial weights were learnt with, at a fine-tuning rate
            assertEquals(ModelDirectory.readMetadata(model).normalization().histogramEqualization(),
                    m.normalization().histogramEqualization());
            assertEquals(TrainingConfig.FINE_TUNE_LEARNING_RATE,
                    ((Number) m.hyperparameters().get("learning_rate")).floatValue());
            assertTrue(m.inferenceOrPlain().confidence() != null, "the retrained model's confidence is calibrated");

            List<PublishedModel> published = ModelTopic.readAll(KafkaConnection.of(servers).clientConfig(),
                    Topics.MODELS, Duration.ofSeconds(60));
            assertTrue(published.stream().anyMatch(p -> p.describe().contains("loop-test")),
                    "published: " + published.stream().map(PublishedModel::describe).toList());
        }
    }

    @Test
    void aQueueLeftByProcessIsReviewedAfterItsBrokerHasStopped() throws Exception {
        Path model = TestModels.trained();
        Path clip = TestModels.sample(CLIP);
        Path brokerDir = tmp.resolve("kafka");
        Path labels = tmp.resolve("labels");

        StringWriter out = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute("process",
                clip.toString(), "--keypoints", tmp.resolve("keypoints.jsonl").toString(), "--model", model.toString(), "--device", "cpu", "--metrics-port", "-1",
                "--no-model-benchmark", "--review-below", BELOW, "--review-per-track-minute", "2",
                "--stream-id", "kept", "--embedded-broker-dir", brokerDir.toString());
        assertEquals(0, exit, out.toString());
        assertTrue(Files.isDirectory(brokerDir.resolve("log")), "the broker's data stays after process");

        StringWriter reviewOut = new StringWriter();
        CompletableFuture<Integer> review = CompletableFuture.supplyAsync(() -> Main.commandLine()
                .setOut(new PrintWriter(reviewOut, true)).setErr(new PrintWriter(reviewOut, true)).execute("review",
                        "--labels", labels.toString(), "--port", "0", "--duration", "20",
                        "--embedded-broker-dir", brokerDir.toString()));
        String url = null;
        for (int i = 0; i < 600 && url == null && !review.isDone(); i++) {
            Matcher m = REVIEW_URL.matcher(reviewOut.toString());
            url = m.find() ? m.group(1) : null;
            Thread.sleep(100);
        }
        assertTrue(url != null, "review printed its address: " + reviewOut);

        JsonNode face = get(url + "next?wait=30000").get("face");
        assertEquals("kept", face.get("stream").asText(), "a face process queued");
        post(url + "answer", save(face, keypoints(face)));
        assertEquals(2, Files.readAllLines(labels.resolve("training.csv")).size(), "header and the saved face");
        assertEquals(0, review.get(2, java.util.concurrent.TimeUnit.MINUTES), reviewOut.toString());
        assertTrue(reviewOut.toString().contains("1 saved"), reviewOut.toString());

        // the option names a directory only where there is no cluster
        StringWriter err = new StringWriter();
        int refused = Main.commandLine().setOut(new PrintWriter(err)).setErr(new PrintWriter(err)).execute("review",
                "--labels", labels.toString(), "--bootstrap-servers", "127.0.0.1:1", "--embedded-broker-dir",
                brokerDir.toString());
        assertTrue(refused != 0, err.toString());
        assertTrue(err.toString().contains("--embedded-broker-dir"), err.toString());
    }

    /** The model's points of a face the page serves, as the 30 coordinates an answer carries. */
    private static float[] keypoints(JsonNode face) {
        float[] xy = new float[Keypoint.COORDINATES];
        for (int k = 0; k < Keypoint.COUNT; k++) {
            xy[2 * k] = (float) face.get("keypoints").get(k).get(0).asDouble();
            xy[2 * k + 1] = (float) face.get("keypoints").get(k).get(1).asDouble();
        }
        return xy;
    }

    /** The page's answer that saves {@code face} with the points {@code xy}. */
    private static String save(JsonNode face, float[] xy) throws java.io.IOException {
        return JSON.writeValueAsString(Map.of("partition", face.get("partition").asInt(), "offset",
                face.get("offset").asLong(), "action", "save", "keypoints", xy));
    }

    /** The records a read_committed reader sees in partition 0 of {@code topic}, counted from the start. */
    private static int committedRecords(String servers, String topic) {
        java.util.Map<String, Object> c = new java.util.HashMap<>(KafkaConnection.of(servers).clientConfig());
        c.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(c,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            int n = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                n += consumer.poll(Duration.ofMillis(500)).count();
            }
            return n;
        }
    }
}
