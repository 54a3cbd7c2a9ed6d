package dev.facestream.cli;

import dev.facestream.connect.MetricsServer;
import java.io.IOException;
import picocli.CommandLine.Option;

/** The Prometheus endpoint of a long-running command; the default port depends on the command. */
final class MetricsOptions {
    /** Default ports: one per command, so a producer, a detector and a demo can share a host. */
    static final int DEMO_PORT = 9400;
    static final int PRODUCE_PORT = 9401;
    static final int DETECT_PORT = 9402;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "serve Prometheus metrics on http://HOST:PORT/metrics (0: any free port, -1: off;"
                    + " default: demo/process " + DEMO_PORT + ", produce " + PRODUCE_PORT
                    + ", detect-stream " + DETECT_PORT + ")")
    Integer port;

    @Option(names = "--metrics-bind", paramLabel = "HOST", defaultValue = "0.0.0.0",
            description = "address the metrics endpoint listens on (default: ${DEFAULT-VALUE})")
    String bind;

    MetricsServer start(int defaultPort) throws IOException {
        int p = port != null ? port : defaultPort;
        if (p < -1 || p > 65535) {
            throw new IllegalArgumentException("--metrics-port " + p + ": expected 0..65535, or -1 for off");
        }
        MetricsServer server = MetricsServer.start(bind, p);
        if (server.url() != null) {
            System.err.println("metrics: " + server.url());
        }
        return server;
    }
}
