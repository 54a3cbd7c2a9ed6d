package dev.facestream.connect;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Says what is wrong with a bootstrap address before a Kafka client retries it for its whole
 * timeout: a host name that does not resolve, a port nobody listens on. Only when none of the
 * servers can be reached; one that answers is left to the client (TLS, SASL and the rest are its
 * business, and its errors say so).
 */
final class KafkaReachability {
    private static final int CONNECT_TIMEOUT_MS = 3000;

    private KafkaReachability() {
    }

    /**
     * Null when at least one of {@code bootstrapServers} accepts a TCP connection; otherwise what
     * happened with each, e.g. {@code "kafka:9092: host kafka cannot be resolved"}.
     */
    static String problem(String bootstrapServers) {
        List<String> problems = new ArrayList<>();
        for (String server : bootstrapServers.split(",")) {
            String s = server.strip();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                problems.add(s + ": not HOST:PORT");
                continue;
            }
            String host = s.substring(0, colon).replaceAll("^\\[|\\]$", "");
            int port;
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                problems.add(s + ": port " + s.substring(colon + 1) + " is not a number");
                continue;
            }
            InetAddress address;
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                problems.add(s + ": host " + host + " cannot be resolved (DNS)");
                continue;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
                return null;
            } catch (ConnectException e) {
                problems.add(s + ": connection refused (nothing listens on port " + port + " of "
                        + address.getHostAddress() + ")");
            } catch (SocketTimeoutException e) {
                problems.add(s + ": no answer to a connection within " + CONNECT_TIMEOUT_MS / 1000 + " s"
                        + " (a firewall, or a host that is down)");
            } catch (IOException e) {
                problems.add(s + ": " + e.getMessage());
            }
        }
        return problems.isEmpty() ? "no bootstrap servers given" : String.join("; ", problems);
    }
}
