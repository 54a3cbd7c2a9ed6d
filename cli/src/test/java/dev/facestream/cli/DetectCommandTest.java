package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.keypoints.Landmarks68;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facestream detect} with the shipped model on committed test images: faces of persons
 * the model never saw in training (validation split), a picture with no face, and a broken file.
 */
class DetectCommandTest {
    /** Committed under src/test/resources/faces, with their 68-point labels (shared data, MIT). */
    static final List<String> FACES = List.of(TestImages.FACES);

    @TempDir
    Path tmp;

    @Test
    void detectsKeypointsOnStillsAndReportsBadImagesInPlace() throws IOException {
        Path images = tmp.resolve("images");
        Files.createDirectories(images);
        for (String f : FACES) {
            try (InputStream in = DetectCommandTest.class.getResourceAsStream("/faces/" + f)) {
                Files.copy(in, images.resolve(f));
            }
        }
        java.awt.image.BufferedImage blank = new java.awt.image.BufferedImage(160, 120,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        javax.imageio.ImageIO.write(blank, "png", images.resolve("zz_blank.png").toFile());
        Files.writeString(images.resolve("zz_broken.png"), "this is not a png");
        Path out = tmp.resolve("out.jsonl");

        int code = Main.commandLine().execute("detect", "--images", images.toString(), "--out", out.toString(),
                "--model", TestImages.model().toString(), "--device", "cpu");

        assertEquals(1, code, "a broken image makes the exit code 1, after every image was processed");
        List<String> lines = Files.readAllLines(out);
        assertEquals(FACES.size() + 2, lines.size(), "one line per image");
        ObjectMapper json = new ObjectMapper();
        Map<String, float[]> labels = TestImages.labels15();
        for (int i = 0; i < FACES.size(); i++) {
            JsonNode line = json.readTree(lines.get(i));
            assertEquals(FACES.get(i), line.get("image").asText());
            JsonNode faces = line.get("faces");
            assertEquals(1, faces.size(), lines.get(i));
            JsonNode face = faces.get(0);
            JsonNode box = face.get("box");
            assertEquals(4, box.size());
            assertTrue(face.get("score").asDouble() > 0.5);
            JsonNode kp = face.get("keypoints");
            assertEquals(Keypoint.COUNT, kp.size());
            float[] truth = labels.get(FACES.get(i));
            double eyeDistance = Math.hypot(truth[0] - truth[2], truth[1] - truth[3]);
            double errorSum = 0;
            for (Keypoint k : Keypoint.values()) {
                JsonNode xy = kp.get(k.key());
                double dx = xy.get(0).asDouble() - truth[2 * k.ordinal()];
                double dy = xy.get(1).asDouble() - truth[2 * k.ordinal() + 1];
                errorSum += Math.hypot(dx, dy);
            }
            double nme = errorSum / Keypoint.COUNT / eyeDistance;
            // the shipped model's validation NME is ~5 %; 15 % would be a broken pipeline
            assertTrue(nme < 0.15, FACES.get(i) + ": mean error " + nme * 100 + " % of the eye distance");
        }
        JsonNode blankLine = json.readTree(lines.get(FACES.size()));
        assertEquals("zz_blank.png", blankLine.get("image").asText());
        assertEquals(0, blankLine.get("faces").size());
        JsonNode broken = json.readTree(lines.get(FACES.size() + 1));
        assertEquals("zz_broken.png", broken.get("image").asText());
        assertTrue(broken.get("error").asText().contains("zz_broken.png"), broken.toString());
    }

    @Test
    void missingFolderIsAClearError() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute("detect", "--images", tmp.resolve("nowhere").toString(), "--out",
                tmp.resolve("o.jsonl").toString(), "--model", TestImages.model().toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("nowhere") && err.toString().contains("not a folder"), err.toString());
    }

    /** Labels of the committed images, projected to the 15 keypoints. */
    static final class TestImages {
        static final String[] FACES = {"face1.png", "face2.png", "face3.png"};

        static Path model() {
            return Path.of(System.getProperty("facestream.root", "..")).resolve("models/default");
        }

        static Map<String, float[]> labels15() throws IOException {
            Map<String, float[]> m = new HashMap<>();
            try (InputStream in = DetectCommandTest.class.getResourceAsStream("/faces/labels68.csv")) {
                for (String row : new String(in.readAllBytes()).split("\n")) {
                    String[] c = row.trim().split(",");
                    if (c.length != 137 || c[0].equals("image")) {
                        continue;
                    }
                    float[] xy = new float[136];
                    for (int i = 0; i < 136; i++) {
                        xy[i] = Float.parseFloat(c[i + 1]);
                    }
                    m.put(c[0], Landmarks68.toKaggle15(xy));
                }
            }
            return m;
        }
    }
}
