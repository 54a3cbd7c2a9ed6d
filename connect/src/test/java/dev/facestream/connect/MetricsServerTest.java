package dev.facestream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    @Test
    void aBusyPortIsAnErrorNamingTheOption() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            IOException e = assertThrows(IOException.class, () -> MetricsServer.start("127.0.0.1", port));
            assertTrue(e.getMessage().startsWith("--metrics-port " + port), e.getMessage());
        }
    }

    @Test
    void portMinusOneKeepsTheRegistryButServesNothing() throws IOException {
        try (MetricsServer m = MetricsServer.start("127.0.0.1", -1)) {
            assertEquals(-1, m.port());
            assertNull(m.url());
            assertTrue(m.registry().scrape().contains("jvm_memory_used_bytes"));
        }
    }
}
