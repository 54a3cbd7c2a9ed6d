package dev.facestream.review;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.connect.KafkaConnection;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.wire.FaceReviewRecord;
import dev.facestream.core.wire.LabelledCsv;
import dev.facestream.core.wire.Topics;
import dev.facestream.testkit.HeadlessChromium;
import dev.facestream.trainer.data.FaceDataSet;
import dev.facestream.trainer.data.KaggleCsvReader;
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
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import static dev.facestream.testkit.HttpJson.get;
import static dev.facestream.testkit.HttpJson.post;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review page in a real headless Chromium against a real broker: a point dragged with mouse
 * events lands in training.csv where it was dropped, "not a face" goes to the negatives, a
 * corrupt record is noted and passed, and a restart continues after the last answer.
 */
class ReviewPageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Upper bound for the page to get somewhere; reached only when the test fails. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The page draws crop pixels this many CSS pixels wide (review.html's SCALE). */
    private static final double SCALE = 6;

    @TempDir
    Path tmp;

    @Test
    void aDraggedPointIsSavedWhereItWasDroppedAndARestartContinuesAfterIt() throws Exception {
        HeadlessChromium.requireInstalled();   // fails, naming the package, rather than skipping
        Path labels = tmp.resolve("labels");
        try (EmbeddedKafka broker = EmbeddedKafka.start()) {
            broker.createTopics(1, Topics.FACE_REVIEW);
            List<FaceReviewRecord> faces = List.of(ReviewFixtures.face("cam-1", 7, 100), ReviewFixtures.face("cam-1", 7, 101),
                    ReviewFixtures.face("cam-2", 3, 55), ReviewFixtures.face("cam-2", 3, 56));
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers",
                    broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
                p.send(new ProducerRecord<>(Topics.FACE_REVIEW, "cam-1", Topics.FACE_REVIEW_TOPIC.codec().encode(faces.get(0))));
                p.send(new ProducerRecord<>(Topics.FACE_REVIEW, "cam-1", Topics.FACE_REVIEW_TOPIC.codec().encode(faces.get(1))));
                p.send(new ProducerRecord<>(Topics.FACE_REVIEW, "cam-2", Topics.FACE_REVIEW_TOPIC.codec().encode(faces.get(2))));
                p.send(new ProducerRecord<>(Topics.FACE_REVIEW, "cam-x", "not a review record".getBytes(StandardCharsets.UTF_8)));
                p.send(new ProducerRecord<>(Topics.FACE_REVIEW, "cam-2", Topics.FACE_REVIEW_TOPIC.codec().encode(faces.get(3))));
                p.flush();
            }
            ReviewRun.Settings settings = new ReviewRun.Settings().kafka(KafkaConnection.of(broker.bootstrapServers()))
                    .labels(labels).http("127.0.0.1", 0);
            int nose = Keypoint.NOSE_TIP.ordinal();
            float[] model = faces.get(0).cropXy();
            double dx = 30;
            double dy = -18;
            try (ReviewRun run = ReviewRun.start(settings);
                 HeadlessChromium browser = HeadlessChromium.open(run.url(), tmp.resolve("chromium-profile"))) {
                await(browser, s -> s.path("offset").asText().equals("0:0"));
                JsonNode canvas = rect(browser, "crop");
                double fromX = canvas.get("x").asDouble() + (model[2 * nose] + 0.5) * SCALE;
                double fromY = canvas.get("y").asDouble() + (model[2 * nose + 1] + 0.5) * SCALE;
                browser.drag(fromX, fromY, fromX + dx, fromY + dy, 6);
                click(browser, "save");
                await(browser, s -> s.path("answered").asInt() == 1 && s.path("offset").asText().equals("0:1"));
                click(browser, "not-a-face");
                await(browser, s -> s.path("answered").asInt() == 2 && s.path("offset").asText().equals("0:2"));
                assertEquals(1, run.progress().saved());
                assertEquals(1, run.progress().negatives());
            }

            // the saved row: the nose tip where it was dropped, every other point as the model had it
            List<String> rows = Files.readAllLines(labels.resolve(LabelledFolder.TRAINING));
            assertEquals(2, rows.size(), "header and one row: " + rows.size());
            assertEquals(LabelledCsv.header(), rows.get(0));
            String[] cells = rows.get(1).split(",", -1);
            float[] saved = new float[Keypoint.COORDINATES];
            for (int i = 0; i < saved.length; i++) {
                saved[i] = Float.parseFloat(cells[i]);
            }
            assertEquals(model[2 * nose] + dx / SCALE, saved[2 * nose], 0.5, "nose_tip_x, dragged");
            assertEquals(model[2 * nose + 1] + dy / SCALE, saved[2 * nose + 1], 0.5, "nose_tip_y, dragged");
            for (int i = 0; i < saved.length; i++) {
                if (i / 2 != nose) {
                    assertEquals(model[i], saved[i], 1e-3, LabelledCsv.coordinateColumns().get(i) + " not moved");
                }
            }
            assertEquals(List.of("cam-1", "7", "100"), List.of(cells[30], cells[31], cells[32]));

            // the trainer reads the folder as is, the row's person being its stream and track
            FaceDataSet read = KaggleCsvReader.read(labels.resolve(LabelledFolder.TRAINING), false);
            assertEquals(1, read.faces().size());
            assertEquals(LabelledCsv.person("cam-1", "7"), read.faces().get(0).person());
            assertArrayEquals(faces.get(0).crop().pixels(), read.faces().get(0).image().pixels());
            assertEquals(saved[2 * nose], read.faces().get(0).keypoints()[2 * nose], 1e-4);

            List<String> negatives = Files.readAllLines(labels.resolve(LabelledFolder.NEGATIVES));
            assertEquals(2, negatives.size());
            assertTrue(negatives.get(1).startsWith("cam-1,7,101,"), negatives.get(1));

            // a restart continues after the last answer: the third face, then past the corrupt record
            try (ReviewRun run = ReviewRun.start(settings)) {
                JsonNode next = get(run.url() + "next?wait=5000");
                assertEquals(2, next.at("/face/offset").asLong(), next.toString());
                assertEquals("cam-2", next.at("/face/stream").asText());
                assertEquals(1, next.at("/progress/saved").asLong());
                assertEquals(1, next.at("/progress/negatives").asLong());
                JsonNode after = post(run.url() + "answer", "{\"partition\":0,\"offset\":2,\"action\":\"skip\"}");
                assertEquals(4, after.at("/face/offset").asLong(), "the corrupt record at 3 is passed: " + after);
                assertEquals(1, run.progress().unreadable());
                String note = Files.readString(labels.resolve(LabelledFolder.UNREADABLE));
                assertTrue(note.contains("face-review-0 offset 3: BAD_MAGIC"), note);

                // an answer for a face that is not under review labels nothing
                HttpResponse<String> stale = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(run.url() + "answer")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"partition\":0,\"offset\":2,\"action\":\"not-a-face\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(409, stale.statusCode(), stale.body());
                assertEquals(1, run.progress().negatives());
            }
        }
    }

    private static JsonNode rect(HeadlessChromium browser, String id) throws Exception {
        return browser.evaluate("JSON.parse(JSON.stringify(document.getElementById('" + id
                + "').getBoundingClientRect()))");
    }

    /** A real click in the middle of a button. */
    private static void click(HeadlessChromium browser, String id) throws Exception {
        JsonNode r = rect(browser, id);
        double x = r.get("x").asDouble() + r.get("width").asDouble() / 2;
        double y = r.get("y").asDouble() + r.get("height").asDouble() / 2;
        browser.mouse("mouseMoved", x, y);
        browser.mouse("mousePressed", x, y);
        browser.mouse("mouseReleased", x, y);
    }

    /** Waits for the page's status element to say what {@code condition} wants. */
    private static JsonNode await(HeadlessChromium browser, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = browser.evaluate("JSON.parse(JSON.stringify(document.getElementById('status').dataset))");
            if (condition.test(status)) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the page never got there; status " + status + "; error "
                + browser.evaluate("document.getElementById('error').textContent") + "; browser: " + browser.output());
    }
}
