package dev.facestream.live;

import dev.facestream.producer.FaceCropProducer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.core.wire.Topics;
import dev.facestream.connect.KafkaConnection;
import dev.facestream.pipeline.Samples;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.facestream.testkit.TestModels;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The page's answers in the states a user meets when something is missing: no detector, no
 * Kafka, no camera. Each state must come with video or a reason, never a blank page. (The page
 * in a real browser, with a detector, is {@code LiveCommandTest} in the cli module.)
 */
class LiveRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Upper bound for a state to show up; reached only when the test fails. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void withoutADetectorTheVideoRunsWithoutPointsAndThePageSaysWhy() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start()) {
            broker.createTopics(1, Topics.allNames());
            LiveRun.Settings s = new LiveRun.Settings()
                    .producer(FaceCropProducer.Options.builder(Samples.demoVideo().toString(), null).streamId("clip")
                            .build())
                    .loop(true).kafka(KafkaConnection.of(broker.bootstrapServers())).runDetector(false)
                    .http("127.0.0.1", 0);
            try (LiveRun run = LiveRun.start(s)) {
                JsonNode state = awaitState(run, st -> st.at("/figures/frames_shown").asLong() >= 5
                        && notice(st, "no keypoints yet although faces are being sent"));
                assertTrue(notice(state, "is a detector (facestream detect-stream) running on "
                        + broker.bootstrapServers()), state.toString());
                assertEquals(0, state.at("/figures/keypoints_received").asLong());

                JsonNode next = get(run.url() + "next?after=0");
                JsonNode frame = next.get("frame");
                assertNotNull(frame, "video is shown although no keypoints come");
                assertTrue(frame.get("jpeg").asText().startsWith("/9j/"), "a base64 JPEG");
                assertEquals(480, frame.get("width").asInt());
                JsonNode face = frame.get("faces").get(0);
                assertNotNull(face, "the clip has a face in every frame");
                assertTrue(face.get("stale").asBoolean());
                assertTrue(face.get("keypoints").isNull(), "no keypoints to draw, the box alone");

                String page = text(run.url());
                assertTrue(page.contains("<canvas id=\"video\""), "the page");
                assertTrue(page.contains("const GROUPS = [{\"name\":\"eyes\",\"colour\":\"#00c8ff\","
                        + "\"keypoints\":[\"left_eye_center\""), "the keypoint groups come from the server");
                String metrics = text(run.url() + "metrics");
                assertTrue(metrics.contains("facestream_producer_frames_grabbed_total"));
                // every stage's drop counter that docs/metrics.md names for live is served
                List<String> stages = liveStageMetrics();
                assertEquals(6, stages.size(), "capture, face detection, crops, detector results, view, page: " + stages);
                for (String name : stages) {
                    assertTrue(metrics.contains("# TYPE " + name + " "), name + " is documented for live but not served");
                }
                assertTrue(statusLine(run.url(), "rebinding.example").contains(" 403 "),
                        "a request for another host name is refused");
                assertTrue(statusLine(run.url(), "localhost").contains(" 200 "));
            }
        }
    }

    @Test
    void withoutCameraAndWithoutKafkaThePageSaysBothAndKeepsTrying() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        // camera 99: no machine this runs on has a hundred cameras
        LiveRun.Settings s = new LiveRun.Settings().producer(FaceCropProducer.Options.builder("99", null).build())
                .kafka(KafkaConnection.of("127.0.0.1:" + closedPort)).runDetector(false).http("127.0.0.1", 0);
        try (LiveRun run = LiveRun.start(s)) {
            JsonNode state = awaitState(run, st -> notice(st, "camera 99") && notice(st, "cannot reach Kafka at"));
            assertTrue(notice(state, "trying again every"), state.toString());
            assertTrue(state.get("running").asBoolean(), "still running: both may come back");
            assertEquals(0, state.at("/figures/frames_shown").asLong());
        }
    }

    /** The names in the second column of the table of docs/metrics.md's "Live" section. */
    private static List<String> liveStageMetrics() throws Exception {
        String doc = Files.readString(TestModels.root().resolve("docs").resolve("metrics.md"));
        int from = doc.indexOf("### Live (`live` only)");
        assertTrue(from >= 0, "docs/metrics.md has a Live section");
        int to = doc.indexOf("\n## ", from);
        Matcher m = Pattern.compile("(?m)^\\| [a-z ]+ \\| `([a-z][a-z0-9_]*)` \\|").matcher(
                doc.substring(from, to < 0 ? doc.length() : to));
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static JsonNode awaitState(LiveRun run, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode state;
        do {
            state = get(run.url() + "state").get("state");
            if (condition.test(state)) {
                return state;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the page never reached the expected state; last: " + state);
    }

    private static boolean notice(JsonNode state, String text) {
        for (JsonNode n : state.get("notices")) {
            if (n.get("text").asText().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode get(String url) throws Exception {
        return JSON.readTree(text(url));
    }

    private static String text(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r.body();
    }

    /** The status line of {@code GET /state} with this Host header (HttpClient will not send a made-up one). */
    private static String statusLine(String url, String host) throws Exception {
        URI u = URI.create(url);
        try (Socket socket = new Socket(u.getHost(), u.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /state HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertFalse(line == null || line.isEmpty());
            return line;
        }
    }
}
