package dev.facestream.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.connect.KafkaConnection;
import dev.facestream.core.wire.Topics;
import dev.facestream.producer.FaceCropProducer;
import dev.facestream.testkit.HeadlessChromium;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page shows the video in colour where the source is in colour, and gray where it is gray:
 * a synthetic image (red, green and blue bands beside a gray ramp) through the producer, the view
 * and the page, read back from the canvas of a real headless Chromium. No detector is needed for
 * the picture, so none runs (the view shows frames without keypoints).
 */
class LiveColourIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int W = 320;
    private static final int H = 240;
    /** Channels of a saturated band must differ by this much on the canvas (JPEG and 4:2:0 blur colour a little). */
    private static final int COLOUR_MARGIN = 100;
    /** Channels of the gray ramp may differ by this much at most (rounding of the colour conversions). */
    private static final int GRAY_MARGIN = 8;

    @TempDir
    Path tmp;

    @Test
    void theCanvasHasColourWhereTheSourceHasAndStaysGrayWhereItIsGray() throws Exception {
        HeadlessChromium.requireInstalled();
        Path images = Files.createDirectories(tmp.resolve("images"));
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                Color c = x < 60 ? Color.RED : x < 120 ? Color.GREEN : x < 180 ? Color.BLUE
                        : new Color(40 + y * 180 / H, 40 + y * 180 / H, 40 + y * 180 / H);
                img.setRGB(x, y, c.getRGB());
            }
        }
        ImageIO.write(img, "png", images.resolve("bands.png").toFile());

        try (EmbeddedKafka broker = EmbeddedKafka.start()) {
            broker.createTopics(1, Topics.allNames());
            LiveRun.Settings s = new LiveRun.Settings()
                    .producer(FaceCropProducer.Options.builder(images.toString(), null).streamId("bands").build())
                    .loop(true).kafka(KafkaConnection.of(broker.bootstrapServers())).runDetector(false)
                    .http("127.0.0.1", 0);
            try (LiveRun run = LiveRun.start(s);
                 HeadlessChromium browser = HeadlessChromium.open(run.url(), tmp.resolve("chromium-profile"))) {
                JsonNode drawn = null;
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (System.nanoTime() < deadline) {
                    drawn = browser.evaluate("JSON.parse(JSON.stringify(window.facestreamStatus || null))");
                    if (drawn.path("framesShown").asInt() >= 1) {
                        break;
                    }
                    Thread.sleep(250);
                }
                assertTrue(drawn != null && drawn.path("framesShown").asInt() >= 1,
                        "the page shows a frame: " + drawn + "; browser: " + browser.output());
                JsonNode px = browser.evaluate("(() => { const c = document.getElementById('video');"
                        + " const g = c.getContext('2d');"
                        + " const at = (x, y) => Array.from(g.getImageData(x, y, 1, 1).data.slice(0, 3));"
                        + " return {width: c.width, height: c.height, red: at(30, 120), green: at(90, 120),"
                        + " blue: at(150, 120), grays: [at(250, 20), at(250, 120), at(250, 220)]}; })()");
                assertEquals(W, px.get("width").asInt(), px.toString());
                assertEquals(H, px.get("height").asInt(), px.toString());
                assertDominant(px.get("red"), 0, px);
                assertDominant(px.get("green"), 1, px);
                assertDominant(px.get("blue"), 2, px);
                for (JsonNode gray : px.get("grays")) {
                    int spread = max(gray) - min(gray);
                    assertTrue(spread <= GRAY_MARGIN, "the gray ramp stays gray on the canvas: " + gray + " in " + px);
                }
                assertTrue(px.at("/grays/2/0").asInt() - px.at("/grays/0/0").asInt() > 100,
                        "and is a ramp, dark at the top and light at the bottom: " + px);
            }
        }
    }

    /** Channel {@code channel} (0 R, 1 G, 2 B) of {@code rgb} exceeds both others by the margin. */
    private static void assertDominant(JsonNode rgb, int channel, JsonNode all) {
        int c = rgb.get(channel).asInt();
        for (int i = 0; i < 3; i++) {
            if (i != channel) {
                assertTrue(c - rgb.get(i).asInt() >= COLOUR_MARGIN,
                        "channel " + "RGB".charAt(channel) + " dominates where the source is that colour: " + rgb
                                + " in " + all);
            }
        }
    }

    private static int max(JsonNode rgb) {
        return Math.max(rgb.get(0).asInt(), Math.max(rgb.get(1).asInt(), rgb.get(2).asInt()));
    }

    private static int min(JsonNode rgb) {
        return Math.min(rgb.get(0).asInt(), Math.min(rgb.get(1).asInt(), rgb.get(2).asInt()));
    }
}
