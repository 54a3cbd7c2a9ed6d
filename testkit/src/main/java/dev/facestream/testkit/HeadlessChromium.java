package dev.facestream.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium with a page open, driven over the DevTools protocol (a WebSocket,
 * with the JDK's own client): evaluate JavaScript in the page and take screenshots while it runs
 * in real time, and press, move and release the mouse as a user does. ({@code --dump-dom} with a
 * virtual time budget does not fit a page that long-polls: virtual time stops while a request is open.)
 * Shared by the tests of the live and the review page.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** The browser: {@code FACESTREAM_CHROMIUM}, else Debian's {@code /usr/bin/chromium}. */
    public static final Path BINARY = Path.of(System.getenv().getOrDefault("FACESTREAM_CHROMIUM", "/usr/bin/chromium"));
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> output;

    private HeadlessChromium(Process process, WebSocket socket, List<String> output) {
        this.process = process;
        this.socket = socket;
        this.output = output;
    }

    /** Fails the test, saying how to install it, when the browser is not there. */
    public static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            fail("Chromium is not installed at " + BINARY + ": the live page is tested in a real browser."
                    + " Install it (Debian: apt-get install -y chromium) or point FACESTREAM_CHROMIUM at one.");
        }
    }

    /** Starts the browser on {@code url} with a fresh profile in {@code profile}. */
    public static HeadlessChromium open(String url, Path profile) throws Exception {
        requireInstalled();
        Process p = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1280,900", url)
                .redirectErrorStream(true).start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                    Matcher m = DEVTOOLS.matcher(line);
                    if (m.find()) {
                        endpoint.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the browser went away; close() says so if it matters
            }
            endpoint.completeExceptionally(new IllegalStateException("Chromium exited without a DevTools endpoint"));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            URI browser = URI.create(endpoint.get(60, TimeUnit.SECONDS));
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = null;
            for (int i = 0; i < 100 && pageSocket == null; i++) {
                URI list = URI.create("http://" + browser.getAuthority() + "/json/list");
                JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(list).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if ("page".equals(t.path("type").asText()) && t.path("url").asText().startsWith(url)) {
                        pageSocket = t.path("webSocketDebuggerUrl").asText();
                    }
                }
                if (pageSocket == null) {
                    Thread.sleep(100);
                }
            }
            if (pageSocket == null) {
                throw new IllegalStateException("Chromium shows no page for " + url);
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                private final StringBuilder message = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    message.append(data);
                    if (last) {
                        String text = message.toString();
                        message.setLength(0);
                        self[0].answer(text);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(p, ws, output);
            self[0].awaitLoaded(url);
            return self[0];
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("cannot drive Chromium: " + e + "; its output: " + output, e);
        }
    }

    private void answer(String text) {
        try {
            JsonNode m = JSON.readTree(text);
            CompletableFuture<JsonNode> f = m.has("id") ? pending.remove(m.get("id").asInt()) : null;
            if (f != null) {
                f.complete(m);
            }
        } catch (IOException e) {
            // not JSON: the protocol never sends that
        }
    }

    private JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .get(10, TimeUnit.SECONDS);
        JsonNode m = f.get(30, TimeUnit.SECONDS);
        if (m.has("error")) {
            throw new IllegalStateException(method + " failed: " + m.get("error"));
        }
        return m.get("result");
    }

    /** The value of a JavaScript expression in the page (JSON-serialisable values). */
    /**
     * Waits until the document of {@code url} is parsed: the page target exists as soon as Chromium
     * starts navigating, before the document's elements do, so a test's first look at an element
     * could otherwise find none.
     */
    private void awaitLoaded(String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String expression = "location.href.startsWith(" + JSON.writeValueAsString(url)
                + ") && document.readyState !== 'loading'";
        while (!evaluate(expression).asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the page " + url + " was not parsed in 30 s; browser: " + output());
            }
            Thread.sleep(50);
        }
    }

    public JsonNode evaluate(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("the page threw on " + expression + ": " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /**
     * A real mouse event at a point of the page (CSS pixels from the viewport's top left), as
     * Chromium's input pipeline delivers it: {@code mousePressed}, {@code mouseMoved} (with the
     * left button held after a press) or {@code mouseReleased}.
     */
    public void mouse(String type, double x, double y) throws Exception {
        call("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left",
                "buttons", "mouseReleased".equals(type) ? 0 : 1, "clickCount", 1));
    }

    /** Drags with the left button from one point to another in {@code steps} moves. */
    public void drag(double fromX, double fromY, double toX, double toY, int steps) throws Exception {
        mouse("mouseMoved", fromX, fromY);
        mouse("mousePressed", fromX, fromY);
        for (int i = 1; i <= steps; i++) {
            mouse("mouseMoved", fromX + (toX - fromX) * i / steps, fromY + (toY - fromY) * i / steps);
        }
        mouse("mouseReleased", toX, toY);
    }

    /** A PNG of what the page shows now. */
    public byte[] screenshot() throws Exception {
        return Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png")).get("data").asText());
    }

    @Override
    public void close() throws InterruptedException {
        socket.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** What the browser printed, for failure messages. */
    public List<String> output() {
        return List.copyOf(output);
    }
}
