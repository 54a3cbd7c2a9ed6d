package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facestream.pipeline.Samples;
import dev.facestream.testkit.HeadlessChromium;
import dev.facestream.testkit.TestModels;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facestream live}: the page in a real browser while the pipeline runs, and its usage errors. */
class LiveCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Upper bound for the pipeline or the page to get somewhere; reached only when the test fails. */
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @Test
    void theBrowserShowsTheVideoWithEachFacesKeypointsDrawn() throws Exception {
        HeadlessChromium.requireInstalled();   // fails, naming the package, rather than skipping
        Path model = TestModels.untrained(tmp.resolve("model"));
        int port = freePort();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        LiveCommand live = cl.getSubcommands().get("live").getCommand();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread runner = new Thread(() -> exit.complete(cl.execute("live", "--video", demoVideo(), "--loop",
                "--stream-id", "clip", "--port", Integer.toString(port), "--model", model.toString(),
                "--device", "cpu", "--duration", "600")), "live-command");
        runner.start();
        String url = "http://127.0.0.1:" + port + "/";
        try {
            // the pipeline first (broker, model, detector): the browser then sees it running
            JsonNode state = awaitState(url, exit, err, st -> st.at("/figures/keypoints_received").asLong() > 0);
            assertEquals("clip", state.get("stream").asText());

            try (HeadlessChromium browser = HeadlessChromium.open(url, tmp.resolve("chromium-profile"))) {
                JsonNode drawn = null;
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (System.nanoTime() < deadline) {
                    drawn = browser.evaluate("JSON.parse(JSON.stringify(window.facestreamStatus || null))");
                    if (drawn.path("framesShown").asInt() >= 20 && drawn.path("freshFaces").asInt() >= 5) {
                        break;
                    }
                    Thread.sleep(250);
                }
                assertTrue(drawn != null && drawn.path("framesShown").asInt() >= 20,
                        "the page shows video frames: " + drawn + "; browser: " + browser.output());
                assertTrue(drawn.path("freshFaces").asInt() >= 5, "faces drawn with their own keypoints: " + drawn);
                assertTrue(drawn.path("pointsDrawn").asInt() >= 5 * 15, "15 points per face: " + drawn);
                String status = browser.evaluate("document.getElementById('status').dataset.framesShown").asText();
                assertTrue(Integer.parseInt(status) >= 20, "the status element reports it too: " + status);
                String fps = browser.evaluate("document.getElementById('fps').textContent").asText();
                assertTrue(fps.matches("[0-9.]+"), "figures are shown: frames/s " + fps);

                // the video is in colour now: count the pixels in the colours the page draws boxes in
                // (#50dc50 fresh, #f4b400 stale, #e53935 low confidence), which the clip has none of
                byte[] png = browser.screenshot();
                Files.createDirectories(Path.of("target"));
                Files.write(Path.of("target", "live-page.png"), png);
                JsonNode r = browser.evaluate("JSON.parse(JSON.stringify("
                        + "document.getElementById('video').getBoundingClientRect()))");
                BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
                int boxes = boxPixels(shot, r.get("x").asInt(), r.get("y").asInt(), r.get("width").asInt(),
                        r.get("height").asInt());
                assertTrue(boxes >= 50, "the canvas shows the faces' boxes over the video: "
                        + boxes + " pixels in a box colour (screenshot in cli/target/live-page.png)");
            }
        } finally {
            live.stop();
            assertEquals(0, exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), "live exits cleanly: " + err);
        }
        assertTrue(out.toString().contains("live: " + url), out.toString());
        assertTrue(out.toString().contains("frames shown"), "a summary at the end: " + out);
    }

    @Test
    void noDetectorWithoutAClusterIsAUsageError() {
        Object[] r = run("live", "--no-detector", "--video", demoVideo(), "--port", "0");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("--no-detector needs --bootstrap-servers"), (String) r[1]);
    }

    @Test
    void aMissingVideoIsNamedBeforeAnythingStarts() {
        Object[] r = run("live", "--video", tmp.resolve("missing.mp4").toString(), "--port", "0", "--no-detector",
                "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains(tmp.resolve("missing.mp4") + ": no such file"), (String) r[1]);
    }

    @Test
    void aWindowWithoutADesktopIsAClearError() {
        assumeTrue(GraphicsEnvironment.isHeadless(), "this JVM has a desktop: the window would open");
        Object[] r = run("live", "--window", "--video", demoVideo(), "--port", "0");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("--window needs a desktop session"), (String) r[1]);
    }

    private static Object[] run(String... args) {
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute(args);
        return new Object[] {exit, err.toString()};
    }

    private static String demoVideo() {
        try {
            return Samples.demoVideo().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The colours the page draws face boxes in: fresh, stale, low confidence (live.html). */
    private static final int[][] BOX_COLOURS = {{0x50, 0xdc, 0x50}, {0xf4, 0xb4, 0x00}, {0xe5, 0x39, 0x35}};

    /** Pixels inside the rectangle within a few levels of a box colour in every channel. */
    private static int boxPixels(BufferedImage img, int x0, int y0, int w, int h) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y0 + h); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x0 + w); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                for (int[] c : BOX_COLOURS) {
                    if (Math.abs(r - c[0]) <= 30 && Math.abs(g - c[1]) <= 30 && Math.abs(b - c[2]) <= 30) {
                        n++;
                        break;
                    }
                }
            }
        }
        return n;
    }

    private static JsonNode awaitState(String url, CompletableFuture<Integer> exit, StringWriter err,
            Predicate<JsonNode> condition) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode state = null;
        while (System.nanoTime() < deadline) {
            if (exit.isDone()) {
                throw new AssertionError("live exited with " + exit.get() + ": " + err);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "state")).build(),
                        HttpResponse.BodyHandlers.ofString());
                state = JSON.readTree(r.body()).get("state");
                if (condition.test(state)) {
                    return state;
                }
            } catch (java.net.ConnectException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("live never got there; last state: " + state + "; stderr: " + err);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
