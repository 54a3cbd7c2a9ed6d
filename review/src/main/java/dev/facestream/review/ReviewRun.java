package dev.facestream.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.facestream.connect.KafkaConnection;
import dev.facestream.connect.PageServer;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.wire.FaceReviewRecord;
import dev.facestream.core.wire.LabelledCsv;
import dev.facestream.core.wire.LivePage;
import dev.facestream.core.wire.ReviewPage;
import dev.facestream.core.wire.Topic;
import dev.facestream.core.wire.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code facestream review}: the review topic in a browser, one face at a time, the answers
 * appended to a {@link LabelledFolder}. The HTTP side ({@link PageServer}, shared with the live page):
 *
 * <ul>
 *   <li>{@code GET /}: the page ({@code review.html}: the crop enlarged on a canvas with the
 *       model's points, which the user drags; save, not a face, skip);</li>
 *   <li>{@code GET /next?wait=MS}: the face under review, waiting up to MS (at most
 *       {@value #MAX_WAIT_MILLIS}) for one when the queue is empty, and the progress
 *       ({@link ReviewPage.Next});</li>
 *   <li>{@code POST /answer}: a {@link ReviewPage.Answer} for the face under review, named by its
 *       partition and offset; answers the next face. 409 when the face was answered already (another
 *       tab), 400 naming the field when the answer is not usable.</li>
 * </ul>
 */
public final class ReviewRun implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewRun.class);
    private static final String PAGE = "review.html";
    static final long MAX_WAIT_MILLIS = 5000;
    /** The largest answer body: 30 numbers and a few fields. */
    private static final int MAX_ANSWER_BYTES = 16 * 1024;

    private final LabelledFolder folder;
    private final ReviewQueue queue;
    private final PageServer server;
    private final byte[] page;
    private final ObjectMapper json = new ObjectMapper();
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** What a review run needs; built once, by the command or a test. */
    public static final class Settings {
        private KafkaConnection kafka = KafkaConnection.of(KafkaConnection.DEFAULT_BOOTSTRAP);
        private Topic<FaceReviewRecord> topic = Topics.FACE_REVIEW_TOPIC;
        private Path labels;
        private String bind = "127.0.0.1";
        private int port = 8090;
        private Duration timeout = Duration.ofSeconds(30);

        public Settings kafka(KafkaConnection k) {
            this.kafka = Objects.requireNonNull(k);
            return this;
        }

        /** The topic to review, when not {@link Topics#FACE_REVIEW}. */
        public Settings topic(String name) {
            this.topic = new Topic<>(name, Topics.FACE_REVIEW_TOPIC.codec(), Topics.FACE_REVIEW_TOPIC.description());
            return this;
        }

        /** The labelled folder to append to. */
        public Settings labels(Path dir) {
            this.labels = dir;
            return this;
        }

        public Settings http(String host, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port " + port + ": expected 0..65535");
            }
            this.bind = host;
            this.port = port;
            return this;
        }

        /** How long to wait for Kafka at the start. */
        public Settings timeout(Duration t) {
            this.timeout = t;
            return this;
        }
    }

    private ReviewRun(LabelledFolder folder, ReviewQueue queue, PageServer server, byte[] page) {
        this.folder = folder;
        this.queue = queue;
        this.server = server;
        this.page = page;
    }

    /**
     * Opens the folder, the topic and the page.
     *
     * @throws IOException naming the folder's file or the address when they cannot be used
     * @throws IllegalStateException naming the topic when it does not exist
     */
    public static ReviewRun start(Settings s) throws IOException {
        if (s.labels == null) {
            throw new IllegalArgumentException("--labels: the folder to append the reviewed faces to is missing");
        }
        String html = PageServer.page(ReviewRun.class, PAGE, "facestream review");
        byte[] page = html.replace("/*KEYPOINT_GROUPS*/[]", new ObjectMapper().writeValueAsString(
                LivePage.keypointGroups())).getBytes(StandardCharsets.UTF_8);
        LabelledFolder folder = LabelledFolder.open(s.labels);
        PageServer server;
        ReviewQueue queue;
        try {
            server = PageServer.bind(s.bind, s.port, "facestream-review-http", "another review");
        } catch (IOException | RuntimeException e) {
            folder.close();
            throw e;
        }
        try {
            queue = ReviewQueue.open(s.kafka, s.topic, folder, s.timeout);
        } catch (RuntimeException e) {
            server.close();
            folder.close();
            throw e;
        }
        ReviewRun run = new ReviewRun(folder, queue, server, page);
        server.route("/", Set.of("GET"), run::page);
        server.route("/next", Set.of("GET"), run::next);
        server.route("/answer", Set.of("POST"), run::answer);
        server.start();
        LOG.info("review of {} on {} into {} at {}", s.topic.name(), s.kafka, s.labels, server.url());
        return run;
    }

    /** {@code http://host:port/}. */
    public String url() {
        return server.url();
    }

    /** The labelled folder. */
    public Path labels() {
        return folder.dir();
    }

    /** What the labelled folder holds and what is left in the topic: what the page shows. */
    public ReviewPage.Progress progress() {
        return folder.progress(queue.remaining());
    }

    /** Waits until {@link #stop()} or the time is up; true when stopped. */
    public boolean awaitStopped(Duration d) throws InterruptedException {
        return stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        stopped.countDown();
    }

    private void page(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        PageServer.send(exchange, 200, PageServer.HTML, page);
    }

    private void next(HttpExchange exchange) throws IOException {
        long wait = Math.max(0, Math.min(MAX_WAIT_MILLIS,
                PageServer.longParameter(exchange.getRequestURI(), "wait", 0)));
        reply(exchange, 200, queue.current(Duration.ofMillis(wait)), null);
    }

    private void answer(HttpExchange exchange) throws IOException {
        ReviewPage.Answer a;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (body.length > MAX_ANSWER_BYTES) {
                reply(exchange, 400, queue.current(Duration.ZERO), "the answer is larger than " + MAX_ANSWER_BYTES
                        + " bytes");
                return;
            }
            a = json.readValue(body, ReviewPage.Answer.class);
        } catch (IOException e) {
            reply(exchange, 400, queue.current(Duration.ZERO), "the answer is not JSON of an answer: " + e.getMessage());
            return;
        }
        // one answer at a time: the face under review cannot change between the check and the write
        synchronized (queue) {
            ReviewQueue.Pending p = queue.current(Duration.ZERO);
            if (p == null || p.partition().partition() != a.partition() || p.offset() != a.offset()) {
                reply(exchange, 409, p, "partition " + a.partition() + " offset " + a.offset()
                        + " is not the face under review (answered already, in another tab?)");
                return;
            }
            String problem = problem(a);
            if (problem != null) {
                reply(exchange, 400, p, problem);
                return;
            }
            switch (a.action()) {
                case ReviewPage.SAVE -> folder.save(p.key(), p.offset(), p.record(), a.keypoints());
                case ReviewPage.NOT_A_FACE -> folder.negative(p.key(), p.offset(), p.record());
                default -> folder.skip(p.key(), p.offset());
            }
            queue.answered(p);
            reply(exchange, 200, queue.current(Duration.ofMillis(200)), null);
        }
    }

    /** What is wrong with an answer, or null. */
    static String problem(ReviewPage.Answer a) {
        if (a.action() == null || !ReviewPage.ACTIONS.contains(a.action())) {
            return "action '" + a.action() + "': expected one of " + ReviewPage.ACTIONS;
        }
        if (!ReviewPage.SAVE.equals(a.action())) {
            return null;
        }
        float[] xy = a.keypoints();
        if (xy == null || xy.length != Keypoint.COORDINATES) {
            return "keypoints: expected " + Keypoint.COORDINATES + " crop coordinates, got "
                    + (xy == null ? "none" : xy.length);
        }
        for (int i = 0; i < xy.length; i++) {
            if (!(xy[i] >= 0 && xy[i] <= LabelledCsv.SIDE - 1)) {
                return "keypoint " + LabelledCsv.coordinateColumns().get(i) + " = " + xy[i] + " is not on the "
                        + LabelledCsv.SIDE + " px crop (0.." + (LabelledCsv.SIDE - 1) + ")";
            }
        }
        return null;
    }

    private void reply(HttpExchange exchange, int status, ReviewQueue.Pending p, String error) throws IOException {
        byte[] body = json.writeValueAsBytes(new ReviewPage.Next(p == null ? null : face(p), progress(), error));
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        PageServer.send(exchange, status, PageServer.JSON, body);
    }

    private static ReviewPage.Face face(ReviewQueue.Pending p) {
        FaceReviewRecord r = p.record();
        float[] xy = r.cropXy();
        float[][] points = new float[Keypoint.COUNT][];
        for (int k = 0; k < Keypoint.COUNT; k++) {
            points[k] = new float[] {xy[2 * k], xy[2 * k + 1]};
        }
        return new ReviewPage.Face(p.partition().partition(), p.offset(), r.streamId(), r.frame(), r.track(), r.face(),
                r.capturedAtMicros(), Double.isNaN(r.confidence()) ? null : r.confidence(), r.box().score(),
                r.modelVersion(), r.reason(), r.crop().width(), Base64.getEncoder().encodeToString(r.crop().pixels()),
                Keypoint.all().stream().map(Keypoint::key).toList(), points);
    }

    @Override
    public void close() {
        stop();
        server.close();
        queue.close();
        folder.close();
    }
}
