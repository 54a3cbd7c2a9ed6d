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
    void aPageGetsTheSharedHeadAndHeaderBarAroundItsOwnStyleAndBody() throws Exception {
        String html = PageServer.page(PageServerTest.class, "test-page.html", "facestream test");
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>facestream test</title>\n"), html);
        int css = html.indexOf("<link rel=\"stylesheet\" href=\"/page.css\">");
        int style = html.indexOf("<style>");
        int h1 = html.indexOf("<header>\n  <h1>facestream test</h1>");
        int what = html.indexOf("<span class=\"what\" id=\"what\">");
        int body = html.indexOf("<p>page</p>");
        assertTrue(css > 0 && css < style && style < h1 && h1 < what && what < body, html);
        assertFalse(html.contains("<!--facestream:"), html);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> PageServer.page(PageServerTest.class, "headless-page.html", "facestream test"));
        assertTrue(e.getMessage().contains("headless-page.html") && e.getMessage().contains("page-header"),
                e.getMessage());
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
