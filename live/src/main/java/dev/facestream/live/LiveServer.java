package dev.facestream.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.facestream.connect.PageServer;
import dev.facestream.core.keypoints.KeypointGroup;
import dev.facestream.core.wire.LivePage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The page's HTTP side, on the JDK's {@link HttpServer} (no web framework for five endpoints):
 *
 * <ul>
 *   <li>{@code GET /}: the page (one static HTML file with its script, drawing on a canvas);</li>
 *   <li>{@code GET /next?after=SEQ}: long poll, the newest shown frame after {@code SEQ} (JPEG as
 *       base64, its faces' boxes and keypoints, stale or not) with the figures and notices, or
 *       after a second without a frame the figures and notices alone;</li>
 *   <li>{@code GET /state}: the figures and notices alone, for scripts;</li>
 *   <li>{@code GET /frame.jpg}: the newest shown frame, bare;</li>
 *   <li>{@code GET /metrics}: the Prometheus metrics (docs/metrics.md).</li>
 * </ul>
 *
 * One JSON answer per frame keeps a frame and its keypoints together (a separate image request
 * and keypoints request could pair the wrong ones), and a long poll needs nothing beyond HTTP/1.1
 * from the server. The page asks for the next frame only after drawing the last, so a slow
 * browser gets fewer frames rather than a backlog.
 *
 * <p>The page shows the camera, so it listens on loopback by default and, there, answers only
 * requests addressed to a loopback name or address ({@link PageServer}, shared with the review page).
 */
final class LiveServer implements AutoCloseable {
    private static final String PAGE = "live.html";
    /** How long {@code /next} waits for a frame before answering with the state alone. */
    private static final long POLL_MILLIS = 1000;
    private static final Set<String> GET = Set.of("GET");

    private final PageServer server;
    private final byte[] page;
    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final LiveRun run;
    private final Counter pageSkips;

    private LiveServer(PageServer server, byte[] page, LiveRun run) {
        this.server = server;
        this.page = page;
        this.run = run;
        this.pageSkips = LiveMeters.pageSkips(run.registry(), run.streamId());
    }

    /**
     * Serves {@code run} on {@code host:port} (0: a free port).
     *
     * @throws IOException naming the address when it cannot be bound
     */
    static LiveServer start(LiveRun run, String host, int port) throws IOException {
        byte[] page = withKeypointGroups(PageServer.page(LiveServer.class, PAGE, "facestream live"));
        PageServer server = PageServer.bind(host, port, "facestream-live-http", "another live");
        LiveServer s = new LiveServer(server, page, run);
        server.route("/", GET, s::page);
        server.route("/next", GET, s::next);
        server.route("/state", GET, s::state);
        server.route("/frame.jpg", GET, s::frame);
        server.route("/metrics", GET, s::metrics);
        server.start();
        return s;
    }

    /** Where the page takes its keypoint groups and colours from: filled in here, from {@link KeypointGroup}. */
    static final String GROUPS_PLACEHOLDER = "/*KEYPOINT_GROUPS*/[]";

    private static byte[] withKeypointGroups(String html) throws IOException {
        if (!html.contains(GROUPS_PLACEHOLDER)) {
            throw new IOException("the page " + PAGE + " has no " + GROUPS_PLACEHOLDER + " for the keypoint groups");
        }
        return html.replace(GROUPS_PLACEHOLDER, keypointGroupsJson()).getBytes(StandardCharsets.UTF_8);
    }

    private static String keypointGroupsJson() throws IOException {
        return new ObjectMapper().writeValueAsString(LivePage.keypointGroups());
    }

    private void page(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        PageServer.send(exchange, 200, PageServer.HTML, page);
    }

    private void next(HttpExchange exchange) throws IOException, InterruptedException {
        long after = PageServer.longParameter(exchange.getRequestURI(), "after", 0);
        LiveView.Shown f = run.view().awaitAfter(after, POLL_MILLIS);
        LiveView.Shown latest = f != null ? f : run.view().latest();
        if (f != null && after > 0 && f.seq() > after + 1) {
            // this page skips the frames it was too busy to fetch (a restarted page asks after 0)
            pageSkips.increment(f.seq() - after - 1);
        }
        // the newest seq even without a new frame: a page that knows a higher one (the server
        // restarted) sees it go down and starts over
        sendJson(exchange, new LivePage.Next(latest != null ? latest.seq() : 0, f != null ? frame(f) : null,
                LiveStatus.of(run)));
    }

    private void state(HttpExchange exchange) throws IOException {
        LiveView.Shown f = run.view().latest();
        sendJson(exchange, new LivePage.StateReply(f != null ? f.seq() : 0, LiveStatus.of(run)));
    }

    private void frame(HttpExchange exchange) throws IOException {
        LiveView.Shown f = run.view().latest();
        if (f == null) {
            PageServer.send(exchange, 404, PageServer.TEXT, "no frame yet\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        PageServer.send(exchange, 200, "image/jpeg", f.jpeg());
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (!(run.registry() instanceof PrometheusMeterRegistry prometheus)) {
            PageServer.send(exchange, 404, PageServer.TEXT, "metrics are not kept by this run\n"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        PageServer.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                prometheus.scrape().getBytes(StandardCharsets.UTF_8));
    }

    /** A shown frame as the page reads it. */
    private static LivePage.Frame frame(LiveView.Shown f) {
        List<LivePage.Face> faces = f.faces().stream().map(face -> new LivePage.Face(face.face(), face.track(),
                face.box(), face.keypoints(), face.stale(), face.keypointsFrame(), face.confidence(),
                face.lowConfidence())).toList();
        return new LivePage.Frame(f.seq(), f.frame(), f.capturedAtMicros(), f.width(), f.height(), f.jpeg(),
                Math.round((f.shownAtMicros() - f.capturedAtMicros()) / 100.0) / 10.0, faces);
    }

    private void sendJson(HttpExchange exchange, Object body) throws IOException {
        PageServer.sendJson(exchange, json.writeValueAsBytes(body));
    }

    /** {@code http://host:port/}; a wildcard bind is shown as localhost. */
    String url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
    }
}
