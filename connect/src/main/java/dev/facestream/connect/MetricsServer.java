package dev.facestream.connect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus registry and the HTTP endpoint that serves it: {@code GET /metrics} answers the
 * text exposition format. The JDK's {@link HttpServer} is enough for one scrape every few
 * seconds and adds no dependency.
 *
 * <pre>
 * try (MetricsServer metrics = MetricsServer.start("0.0.0.0", 9400)) {
 *     new FaceCropProducer(options).metrics(metrics.registry()).run();
 * }
 * </pre>
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    /** The path Prometheus scrapes. */
    public static final String PATH = "/metrics";
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(PrometheusMeterRegistry registry, JvmGcMetrics gcMetrics, HttpServer server,
            ExecutorService executor) {
        this.registry = registry;
        this.gcMetrics = gcMetrics;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Creates the registry (with JVM and process meters) and, unless {@code port} is negative,
     * serves it on {@code host:port}; port 0 takes any free port (see {@link #port()}).
     *
     * @throws IOException naming the address when it cannot be bound
     */
    public static MetricsServer start(String host, int port) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        if (port < 0) {
            return new MetricsServer(registry, gc, null, null);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (BindException e) {
            gc.close();
            registry.close();
            throw new IOException("--metrics-port " + port + ": cannot listen on " + host + ":" + port
                    + " (" + e.getMessage() + "; port in use?)", e);
        }
        server.createContext(PATH, exchange -> respond(exchange, registry));
        server.createContext("/", exchange -> {
            byte[] body = ("facestream: metrics are at " + PATH + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        // one daemon thread: scrapes are rare and must never keep the JVM alive
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "facestream-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        MetricsServer m = new MetricsServer(registry, gc, server, executor);
        LOG.info("metrics at {}", m.url());
        return m;
    }

    private static void respond(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", TEXT_FORMAT);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The port served, or -1 when serving is off. */
    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    /** {@code http://host:port/metrics}, or null when serving is off. */
    public String url() {
        if (server == null) {
            return null;
        }
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "localhost" : a.getHostString();
        return "http://" + host + ":" + a.getPort() + PATH;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
        gcMetrics.close();
        registry.close();
    }
}
