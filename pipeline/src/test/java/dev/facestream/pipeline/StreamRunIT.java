package dev.facestream.pipeline;

import dev.facestream.producer.FaceCropProducer;
import dev.facestream.detector.KeypointDetector;
import dev.facestream.connect.MetricsServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.testkit.TestModels;
import dev.facestream.testkit.Videos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on the bundled clip, through the embedded broker, with metrics served. */
class StreamRunIT {
    @TempDir
    Path tmp;

    @Test
    void aRunWritesEveryFrameAndOneLinePerCropAndServesTheDocumentedMetrics() throws Exception {
        Path model = TestModels.untrained(tmp.resolve("model"));
        Path clip = Samples.demoVideo();
        long expectedFaces = Videos.faces(clip);
        Path video = tmp.resolve("out/annotated.mp4");
        Path jsonl = tmp.resolve("out/keypoints.jsonl");
        try (MetricsServer metrics = MetricsServer.start("127.0.0.1", 0)) {
            // scraped while the run's clients are still open: Kafka client meters leave with them
            AtomicReference<String> scraped = new AtomicReference<>();
            RunResult r = new StreamRun(new StreamRun.Settings()
                    .producer(FaceCropProducer.Options.builder(clip.toString(), null).streamId("clip").pace(false)
                            .build())
                    .detector(KeypointDetector.Options.builder(model).device("cpu").maxBatch(16)
                            .maxWait(Duration.ofMillis(20)).threads(1).build())
                    .outputs(video, jsonl)
                    .registry(metrics.registry()).beforeClose(result -> scraped.set(get(metrics.url())))).run();

            long inputFrames = Videos.frames(clip);
            assertEquals(inputFrames, r.framesRead());
            assertEquals(inputFrames, r.framesWritten());
            assertEquals(inputFrames, Videos.frames(video), "the annotated video has every input frame");
            assertEquals(expectedFaces, r.cropsSent(), "one crop per face the detector finds");
            assertEquals(r.cropsSent(), r.keypointsReceived());
            List<String> lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
            assertEquals(r.cropsSent(), lines.size(), "one JSON line per crop");
            Set<String> ids = new HashSet<>();
            long lastFrame = -1;
            for (String line : lines) {
                KeypointsRecord k = KeypointsRecord.fromJson(line.getBytes(StandardCharsets.UTF_8));
                assertEquals("clip", k.stream());
                assertEquals(TestModels.UNTRAINED_VERSION, k.modelVersion());
                assertTrue(k.frame() >= lastFrame, "lines in frame order");
                lastFrame = k.frame();
                assertTrue(ids.add(k.frame() + "/" + k.face()), "no duplicate " + k.frame() + "/" + k.face());
            }
            assertEquals(r.cropsSent(), r.endToEnd().count());
            assertTrue(r.rawCropsPerSecond() > 0);

            String scrape = scraped.get();
            // kept for reading when an assertion below fails (what was served, in full)
            Files.writeString(Path.of("target", "scrape.txt"), scrape);
            Set<String> documented = documentedMetricNames();
            Set<String> served = families(scrape);
            assertFalse(documented.isEmpty());
            for (String name : documented) {
                assertTrue(served.contains(name), "documented metric " + name + " is not served");
            }
            for (String name : served) {
                // every facestream family is documented; the _max gauge beside each timer goes with it
                if (name.startsWith("facestream_") && !name.endsWith("_max")) {
                    assertTrue(documented.contains(name), "served metric " + name + " is not in docs/metrics.md");
                }
            }
        }
    }

    /** Metric families in a Prometheus text exposition: the names of its {@code # TYPE} lines. */
    static Set<String> families(String scrape) {
        Matcher m = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(scrape);
        Set<String> names = new HashSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Every metric name in the first column of a table in docs/metrics.md. */
    static Set<String> documentedMetricNames() throws Exception {
        String doc = Files.readString(TestModels.root().resolve("docs").resolve("metrics.md"));
        Matcher m = Pattern.compile("(?m)^\\| `([a-z][a-z0-9_]*)` \\|").matcher(doc);
        Set<String> names = new LinkedHashSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String get(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            return response.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("cannot scrape " + url, e);
        }
    }
}
