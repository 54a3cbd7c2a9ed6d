package dev.facestream.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.keypoints.KeypointGroup;
import dev.facestream.core.wire.LivePage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>The page shows the camera, so it listens on loopback by default, and on loopback it answers
 * only requests addressed to a loopback name or address: a web site the user visits cannot read
 * it through DNS rebinding (its host name resolving to 127.0.0.1).
 */
final class LiveServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveServer.class);
    private static final String PAGE = "live.html";
    /** How long {@code /next} waits for a frame before answering with the state alone. */
    private static final long POLL_MILLIS = 1000;
    private static final int THREADS = 8;

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] page;
    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final LiveRun run;
    private final boolean loopbackOnly;

    private LiveServer(HttpServer server, ExecutorService executor, byte[] page, LiveRun run, boolean loopbackOnly) {
        this.server = server;
        this.executor = executor;
        this.page = page;
        this.run = run;
        this.loopbackOnly = loopbackOnly;
    }

    /**
     * Serves {@code run} on {@code host:port} (0: a free port).
     *
     * @throws IOException naming the address when it cannot be bound
     */
    static LiveServer start(LiveRun run, String host, int port) throws IOException {
        byte[] page;
        try (InputStream in = LiveServer.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IOException("the page " + PAGE + " is missing from the class path");
            }
            page = withKeypointGroups(in.readAllBytes());
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IOException("--bind " + host + ": unknown host");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new IOException("--port " + port + ": cannot listen on " + host + ":" + port + " ("
                    + e.getMessage() + "; is another live, or another server, using it? pick one with --port)", e);
        }
        AtomicInteger n = new AtomicInteger();
        // long polls hold a thread each for up to a second; a few viewers at once is plenty
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "facestream-live-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        LiveServer s = new LiveServer(server, executor, page, run, address.getAddress().isLoopbackAddress());
        s.route("/", s::page);
        s.route("/next", s::next);
        s.route("/state", s::state);
        s.route("/frame.jpg", s::frame);
        s.route("/metrics", s::metrics);
        server.start();
        return s;
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private void route(String path, Handler h) {
        HttpHandler handler = exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    send(exchange, 405, "text/plain; charset=utf-8", "GET only\n".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                if (!hostAllowed(exchange.getRequestHeaders().getFirst("Host"))) {
                    send(exchange, 403, "text/plain; charset=utf-8", ("this page answers on loopback addresses only"
                            + " (open " + url() + ")\n").getBytes(StandardCharsets.UTF_8));
                    return;
                }
                if (path.equals("/") && !exchange.getRequestURI().getPath().equals("/")) {
                    send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                h.handle(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the browser went away mid-answer (tab closed, page reloaded): nothing to do
                LOG.debug("live page request {} failed: {}", path, e.toString());
            }
        };
        server.createContext(path, handler);
    }

    /** Whether a request's Host header names this machine's loopback (when serving loopback only). */
    boolean hostAllowed(String hostHeader) {
        if (!loopbackOnly) {
            return true;
        }
        if (hostHeader == null) {
            return false;   // HTTP/1.1 requires it; browsers always send it
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end > 0 ? host.substring(1, end) : host;
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        // a literal address only: never resolve a name here (that is exactly what rebinding abuses)
        if (host.matches("[0-9.]+") || host.matches("[0-9a-f:]+")) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /** Where the page takes its keypoint groups and colours from: filled in here, from {@link KeypointGroup}. */
    static final String GROUPS_PLACEHOLDER = "/*KEYPOINT_GROUPS*/[]";

    private static byte[] withKeypointGroups(byte[] page) throws IOException {
        String html = new String(page, StandardCharsets.UTF_8);
        if (!html.contains(GROUPS_PLACEHOLDER)) {
            throw new IOException("the page " + PAGE + " has no " + GROUPS_PLACEHOLDER + " for the keypoint groups");
        }
        List<LivePage.Group> groups = Arrays.stream(KeypointGroup.values()).map(g -> new LivePage.Group(g.label(),
                g.hex(), g.keypoints().stream().map(Keypoint::key).toList())).toList();
        return html.replace(GROUPS_PLACEHOLDER, new ObjectMapper().writeValueAsString(groups))
                .getBytes(StandardCharsets.UTF_8);
    }

    private void page(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, 200, "text/html; charset=utf-8", page);
    }

    private void next(HttpExchange exchange) throws IOException, InterruptedException {
        long after = longParameter(exchange.getRequestURI(), "after", 0);
        LiveView.Shown f = run.view().awaitAfter(after, POLL_MILLIS);
        LiveView.Shown latest = f != null ? f : run.view().latest();
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
            send(exchange, 404, "text/plain; charset=utf-8", "no frame yet\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, 200, "image/jpeg", f.jpeg());
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (!(run.registry() instanceof PrometheusMeterRegistry prometheus)) {
            send(exchange, 404, "text/plain; charset=utf-8", "metrics are not kept by this run\n"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
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

    private static long longParameter(URI uri, String name, long fallback) {
        String q = uri.getRawQuery();
        if (q == null) {
            return fallback;
        }
        for (String part : q.split("&")) {
            if (part.startsWith(name + "=")) {
                try {
                    return Long.parseLong(part.substring(name.length() + 1));
                } catch (NumberFormatException e) {
                    return fallback;
                }
            }
        }
        return fallback;
    }

    private void sendJson(HttpExchange exchange, Object body) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, 200, "application/json", json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** {@code http://host:port/}; a wildcard bind is shown as localhost. */
    String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "localhost"
                : a.getAddress() instanceof java.net.Inet6Address ? "[" + a.getAddress().getHostAddress() + "]"
                : a.getAddress().getHostAddress();
        return "http://" + host + ":" + a.getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
