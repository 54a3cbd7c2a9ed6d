package dev.facestream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PageServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void onLoopbackOnlyLoopbackNamesAreAnswered() throws Exception {
        try (PageServer s = PageServer.bind("127.0.0.1", 0, "test-http", "another test")) {
            assertTrue(s.hostAllowed("localhost:8080"));
            assertTrue(s.hostAllowed("127.0.0.1:8080"));
            assertTrue(s.hostAllowed("[::1]:8080"));
            assertTrue(s.hostAllowed("app.localhost"));
            assertFalse(s.hostAllowed("rebinding.example:8080"), "a name is never resolved");
            assertFalse(s.hostAllowed("10.0.0.1"));
            assertFalse(s.hostAllowed(null));
        }
        try (PageServer s = PageServer.bind("0.0.0.0", 0, "test-http", "another test")) {
            assertTrue(s.hostAllowed("camera-box.example"), "opened up deliberately: any host");
        }
    }

    @Test
    void routesAnswerTheirMethodsAndTheSharedStyle() throws Exception {
        try (PageServer s = PageServer.bind("127.0.0.1", 0, "test-http", "another test")) {
            s.route("/", Set.of("GET"), e -> PageServer.send(e, 200, PageServer.HTML,
                    "<p>page</p>".getBytes(StandardCharsets.UTF_8)));
            s.route("/answer", Set.of("POST"), e -> PageServer.sendJson(e, "{}".getBytes(StandardCharsets.UTF_8)));
            s.start();
            assertEquals("<p>page</p>", get(s.url()).body());
            assertEquals(404, get(s.url() + "elsewhere").statusCode());
            HttpResponse<String> css = get(s.url() + "page.css");
            assertEquals(200, css.statusCode());
            assertTrue(css.body().contains("body {"), css.body());
            assertEquals(405, get(s.url() + "answer").statusCode());
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + "answer"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, post.statusCode());
            assertEquals("no-store", post.headers().firstValue("Cache-Control").orElse(""));
        }
    }

    @Test
    void aTakenPortIsNamed() throws Exception {
        try (PageServer first = PageServer.bind("127.0.0.1", 0, "test-http", "another review")) {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> PageServer.bind("127.0.0.1", first.port(), "test-http", "another review"));
            assertTrue(e.getMessage().contains("--port " + first.port() + ": cannot listen on 127.0.0.1:"
                    + first.port()) && e.getMessage().contains("another review"), e.getMessage());
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
