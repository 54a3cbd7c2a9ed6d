package dev.facestream.connect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of facestream's browser pages ({@code live}, {@code review}), on the JDK's
 * {@link HttpServer} (no web framework for a handful of endpoints): routes by path and method,
 * small answers, the loopback rule, and what the pages share: their look ({@code /page.css}) and
 * their frame, head and header bar ({@link #page}).
 *
 * <p>The pages show camera faces, so they listen on loopback by default, and on loopback a page
 * answers only requests addressed to a loopback name or address: a web site the user visits
 * cannot read it through DNS rebinding (its host name resolving to 127.0.0.1).
 *
 * <pre>
 * PageServer s = PageServer.start("127.0.0.1", 8080, "facestream-review-http", "another review");
 * s.route("/", Set.of("GET"), exchange -&gt; PageServer.send(exchange, 200, PageServer.HTML, page));
 * s.start();
 * </pre>
 */
public final class PageServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PageServer.class);
    public static final String HTML = "text/html; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";
    private static final int THREADS = 8;
    /** The look the pages share, at {@code /page.css}. */
    private static final String STYLE = "page.css";
    /** The frame every page shares ({@link #page}): resource NAME.html, in place of {@code <!--facestream:NAME-->}. */
    private static final List<String> FRAME = List.of("page-head", "page-header");

    private final HttpServer server;
    private final ExecutorService executor;
    private final boolean loopbackOnly;

    /** One endpoint's work; an {@link IOException} means the browser went away mid-answer. */
    public interface Handler {
        void handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private PageServer(HttpServer server, ExecutorService executor, boolean loopbackOnly) {
        this.server = server;
        this.executor = executor;
        this.loopbackOnly = loopbackOnly;
    }

    /**
     * Binds {@code host:port} (0: a free port); add routes, then {@link #start()}.
     *
     * @param threadName prefix of the server's (daemon) thread names
     * @param who        what else might hold the port, for the error (e.g. "another live")
     * @throws IOException naming the address when it cannot be bound
     */
    public static PageServer bind(String host, int port, String threadName, String who) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IOException("--bind " + host + ": unknown host");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new IOException("--port " + port + ": cannot listen on " + host + ":" + port + " ("
                    + e.getMessage() + "; is " + who + ", or another server, using it? pick one with --port)", e);
        }
        AtomicInteger n = new AtomicInteger();
        // long polls hold a thread each; a few viewers at once is plenty
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        PageServer s = new PageServer(server, executor, address.getAddress().isLoopbackAddress());
        byte[] css = resource(PageServer.class, STYLE).getBytes(StandardCharsets.UTF_8);
        s.route("/" + STYLE, Set.of("GET"), exchange -> send(exchange, 200, "text/css; charset=utf-8", css));
        return s;
    }

    /**
     * Serves {@code path} (and, for "/", only "/" itself) with {@code h} for the given methods;
     * others get 405, requests for a foreign host on loopback 403.
     */
    public PageServer route(String path, Set<String> methods, Handler h) {
        HttpHandler handler = exchange -> {
            try (exchange) {
                if (!methods.contains(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", String.join(", ", methods));
                    send(exchange, 405, TEXT, (String.join(" or ", methods) + " only\n").getBytes(StandardCharsets.UTF_8));
                    return;
                }
                if (!hostAllowed(exchange.getRequestHeaders().getFirst("Host"))) {
                    send(exchange, 403, TEXT, ("this page answers on loopback addresses only (open " + url() + ")\n")
                            .getBytes(StandardCharsets.UTF_8));
                    return;
                }
                if (path.equals("/") && !exchange.getRequestURI().getPath().equals("/")) {
                    send(exchange, 404, TEXT, "not found\n".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                h.handle(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the browser went away mid-answer (tab closed, page reloaded): nothing to do
                LOG.debug("page request {} failed: {}", path, e.toString());
            } catch (RuntimeException e) {
                // a bug or a dependency down (Kafka): say so rather than drop the connection
                LOG.warn("page request {} failed", path, e);
                try {
                    send(exchange, 500, TEXT, (path + ": " + e + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException ignored) {
                    // answered already, or the browser went away
                }
            }
        };
        server.createContext(path, handler);
        return this;
    }

    /** Starts answering. */
    public PageServer start() {
        server.start();
        return this;
    }

    /** Whether a request's Host header names this machine's loopback (when serving loopback only). */
    public boolean hostAllowed(String hostHeader) {
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

    /**
     * A page from the class path next to {@code owner}, in the frame every page shares: the
     * placeholder {@code <!--facestream:page-head-->} it starts with becomes the head (doctype,
     * character set, {@code title}, viewport, {@code /page.css}), before the page's own style; and
     * {@code <!--facestream:page-header-->} the header bar ({@code title}, and the
     * {@code #what} line the page's script fills in).
     *
     * @throws IOException when the page is missing, or lacks one of the placeholders
     */
    public static String page(Class<?> owner, String name, String title) throws IOException {
        String html = resource(owner, name);
        for (String part : FRAME) {
            String placeholder = "<!--facestream:" + part + "-->\n";
            if (!html.contains(placeholder)) {
                throw new IOException("the page " + name + " has no " + placeholder.strip());
            }
            html = html.replace(placeholder, resource(PageServer.class, part + ".html").replace("${title}", title));
        }
        return html;
    }

    /** A page or script from the class path next to {@code owner}. */
    public static String resource(Class<?> owner, String name) throws IOException {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the page " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A query parameter as a number, {@code fallback} when absent or not a number. */
    public static long longParameter(URI uri, String name, long fallback) {
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

    /** A JSON answer that is never cached. */
    public static void sendJson(HttpExchange exchange, byte[] json) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, 200, JSON, json);
    }

    public static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** {@code http://host:port/}; a wildcard bind is shown as localhost. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "localhost"
                : a.getAddress() instanceof java.net.Inet6Address ? "[" + a.getAddress().getHostAddress() + "]"
                : a.getAddress().getHostAddress();
        return "http://" + host + ":" + a.getPort() + "/";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
