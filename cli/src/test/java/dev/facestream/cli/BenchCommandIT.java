package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facestream.testkit.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facestream bench --short} runs every part for real (model, face detector, detector
 * stream, live, process) and its JSON carries every figure. How fast they are is the bench's
 * business, not this test's: it checks that each figure was measured, not its value.
 */
class BenchCommandIT {
    @TempDir
    Path tmp;

    @Test
    void theShortBenchMeasuresEveryPartAndWritesEveryFigure() throws Exception {
        Path model = TestModels.untrained(tmp.resolve("model"));
        Path json = tmp.resolve("bench.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("bench", "--short", "--out", json.toString(), "--model", model.toString(), "--device", "cpu");

        assertEquals(0, exit, err.toString());
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals("short", r.get("mode").asText());
        List<String> missing = new ArrayList<>();
        for (String path : List.of("/machine/cores", "/machine/other_cpu_cores", "/machine/load_average_end",
                "/raw_model/batch1_latency_ms/p50", "/raw_model/batch1_latency_ms/p99", "/raw_model/faces_per_second",
                "/face_detector/full_resolution_ms/p50", "/face_detector/at_detect_width_ms/p99",
                "/detector_stream/faces_per_second", "/detector_stream/ratio_to_raw",
                "/live/end_to_end_ms/p50", "/live/end_to_end_ms/p99", "/live/end_to_end_ms/max",
                "/live/forward_pass_ms/p50", "/batch/frames_per_second", "/batch/ratio_to_real_time")) {
            if (!r.at(path).isNumber()) {
                missing.add(path);
            }
        }
        assertTrue(missing.isEmpty(), "figures missing: " + missing + " in " + r.toPrettyString());
        // and nothing anywhere is NaN: a figure that could not be measured is written as "NaN"
        List<String> nan = new ArrayList<>();
        collectNaN(r, "", nan);
        assertTrue(nan.isEmpty(), "not measured: " + nan + " in the run that printed\n" + out);

        JsonNode stages = r.at("/live/stages_ms");
        assertEquals(List.of("detect", "produce", "broker", "infer", "publish", "overlay"), names(stages));
        for (JsonNode stage : stages) {
            assertTrue(stage.get("n").asInt() > 0, "every stage was timed on some crops: " + stages);
        }
        assertTrue(r.at("/detector_stream/crops").asInt() >= 128);
        assertLimitsAreConsistentWithTheirParts(r);
        assertEquals(6, r.get("targets").size(), "issue 17's targets and the stream's, each met or missed");
        for (JsonNode t : r.get("targets")) {
            double measured = t.get("measured").asDouble();
            double limit = t.get("limit").asDouble();
            assertEquals(t.get("at_most").asBoolean() ? measured <= limit : measured >= limit, t.get("met").asBoolean(),
                    "the verdict follows from the figure: " + t);
        }
        assertEquals(List.of(r.at("/detector_stream/ratio_to_raw").asDouble(), r.at("/live/p50_over_floor").asDouble(),
                r.at("/live/p99_over_p50").asDouble(), r.at("/live_contended/p99_over_idle_p50").asDouble(),
                r.at("/live_contended/share_shown").asDouble(), r.at("/batch/share_of_ceiling").asDouble()),
                measuredOf(r.get("targets")), "each target judges the ratio the report gives");
        assertEquals("untrained-test", r.at("/model/version").asText());
        assertTrue(out.toString().contains("(4) live"), out.toString());
        assertTrue(out.toString().contains("written: " + json.toAbsolutePath()), out.toString());
    }

    @Test
    void saveClipWritesThe640x480CopyThatLiveAndProcessPlayAndStops() throws Exception {
        Path clip = tmp.resolve("clip.mp4");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("bench", "--short", "--save-clip", clip.toString());
        assertEquals(0, exit, err.toString());
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toString())) {
            g.start();
            assertEquals(640, g.getImageWidth());
            assertEquals(480, g.getImageHeight());
            assertEquals(30, g.getFrameRate(), 0.01);
            int frames = 0;
            while (g.grabImage() != null) {
                frames++;
            }
            assertTrue(out.toString().contains("(" + frames + " frames of "), out + " says " + frames + " frames");
            assertTrue(frames > 30, "the bundled clip lasts seconds, got " + frames + " frames");
        }
    }

    @Test
    void aRepeatedClipHoldsTheSampleThatManyTimes() throws Exception {
        long[] frames = new long[2];
        for (int repeat = 1; repeat <= 2; repeat++) {
            Path clip = tmp.resolve("clip-x" + repeat + ".mp4");
            StringWriter err = new StringWriter();
            int exit = Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                    .execute("bench", "--short", "--save-clip", clip.toString(), "--clip-repeat",
                            Integer.toString(repeat));
            assertEquals(0, exit, err.toString());
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toString())) {
                g.start();
                while (g.grabImage() != null) {
                    frames[repeat - 1]++;
                }
            }
        }
        assertEquals(2 * frames[0], frames[1], "twice the sample, frame for frame");
    }

    /** Every limit of issue 17 is there, finite and positive, and equal to what its parts say. */
    private static void assertLimitsAreConsistentWithTheirParts(JsonNode r) {
        List<String> bad = new ArrayList<>();
        for (String path : List.of("/live/floor_ms", "/live/p50_over_floor", "/live/p99_over_p50",
                "/live/kafka_round_trip_ms/p50", "/live/floor_parts/model_batch1_p50_ms",
                "/live/floor_parts/face_detector_p50_ms", "/live/floor_parts/kafka_round_trip_p50_ms",
                "/live_contended/end_to_end_ms/p50", "/live_contended/end_to_end_ms/p99",
                "/live_contended/end_to_end_ms/max", "/live_contended/frames_read", "/live_contended/frames_shown",
                "/live_contended/p99_over_idle_p50", "/live_contended/share_shown", "/live_contended/load_cpu_cores",
                "/batch/ceiling_frames_per_second", "/batch/share_of_ceiling", "/batch/cpu_ms_per_frame/decode",
                "/batch/cpu_ms_per_frame/face_detection", "/batch/cpu_ms_per_frame/crop",
                "/batch/cpu_ms_per_frame/model", "/batch/cpu_ms_per_frame/encode", "/batch/cpu_ms_per_frame/total",
                "/batch/cpu_ms_per_frame/faces_per_frame", "/jitter/p90_px")) {
            JsonNode v = r.at(path);
            if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() <= 0) {
                bad.add(path + " = " + v);
            }
        }
        assertTrue(bad.isEmpty(), "not a finite positive figure: " + bad);
        double eps = 1e-9;
        JsonNode f = r.at("/live/floor_parts");
        assertEquals(r.at("/raw_model/batch1_latency_ms/p50").asDouble(), f.get("model_batch1_p50_ms").asDouble(), eps,
                "the floor's forward pass is (1)'s");
        assertEquals(r.at("/face_detector/at_detect_width_ms/p50").asDouble(), f.get("face_detector_p50_ms").asDouble(),
                eps, "the floor's face detection is (2)'s at the producer's width");
        assertEquals(r.at("/face_detector/detect_width").asInt(), f.get("detect_width").asInt());
        assertEquals(r.at("/live/kafka_round_trip_ms/p50").asDouble(), f.get("kafka_round_trip_p50_ms").asDouble(), eps);
        assertEquals(2, f.get("kafka_round_trips").asInt(), "crops there, keypoints back");
        assertEquals(f.get("model_batch1_p50_ms").asDouble() + f.get("face_detector_p50_ms").asDouble()
                + 2 * f.get("kafka_round_trip_p50_ms").asDouble(), r.at("/live/floor_ms").asDouble(), 1e-6,
                "the floor is the sum of its parts");
        double p50 = r.at("/live/end_to_end_ms/p50").asDouble();
        assertEquals(p50 / r.at("/live/floor_ms").asDouble(), r.at("/live/p50_over_floor").asDouble(), 1e-6);
        assertEquals(r.at("/live/end_to_end_ms/p99").asDouble() / p50, r.at("/live/p99_over_p50").asDouble(), 1e-6);
        assertEquals(r.at("/live_contended/end_to_end_ms/p99").asDouble() / p50,
                r.at("/live_contended/p99_over_idle_p50").asDouble(), 1e-6, "contended p99 over the idle p50");
        assertEquals(r.at("/live_contended/frames_shown").asDouble() / r.at("/live_contended/frames_read").asDouble(),
                r.at("/live_contended/share_shown").asDouble(), 1e-6);
        assertTrue(r.at("/live_contended/load").asText().contains("one thread"), r.at("/live_contended").toString());
        assertTrue(r.at("/live_contended/load_cpu_cores").asDouble() <= 1.05, "the load is one thread");

        JsonNode cpu = r.at("/batch/cpu_ms_per_frame");
        double faces = cpu.get("faces_per_frame").asDouble();
        assertEquals(cpu.get("crop_per_face").asDouble() * faces, cpu.get("crop").asDouble(), 1e-6);
        assertEquals(cpu.get("model_per_face").asDouble() * faces, cpu.get("model").asDouble(), 1e-6);
        assertEquals(cpu.get("decode").asDouble() + cpu.get("face_detection").asDouble() + cpu.get("crop").asDouble()
                + cpu.get("model").asDouble() + cpu.get("encode").asDouble(), cpu.get("total").asDouble(), 1e-6,
                "the CPU per frame is the sum of its parts");
        assertTrue(cpu.get("method").asText().contains("CPU time"), cpu.toString());
        assertEquals(r.at("/machine/cores").asInt(), r.at("/batch/cores").asInt());
        double ceiling = r.at("/batch/ceiling_frames_per_second").asDouble();
        assertEquals(r.at("/batch/cores").asDouble() * 1000 / cpu.get("total").asDouble(), ceiling, 1e-6);
        assertEquals(r.at("/batch/frames_per_second").asDouble() / ceiling, r.at("/batch/share_of_ceiling").asDouble(),
                1e-6);

        JsonNode j = r.get("jitter");
        assertTrue(j.get("frames_centred").asInt() > 0 && j.get("frames_centred").asInt() <= j.get("frames").asInt() - 4,
                "five-frame windows inside the clip: " + j);
        assertTrue(j.get("median_px").asDouble() >= 0 && j.get("median_px").asDouble() <= j.get("p90_px").asDouble(),
                j.toString());
        assertEquals(15, j.get("per_keypoint").size(), "every keypoint: " + j);
        for (JsonNode k : j.get("per_keypoint")) {
            assertTrue(k.get("median_px").asDouble() >= 0 && k.get("median_px").asDouble() <= k.get("p90_px").asDouble(),
                    j.toString());
        }
    }

    private static List<Double> measuredOf(JsonNode targets) {
        List<Double> m = new ArrayList<>();
        targets.forEach(t -> m.add(t.get("measured").asDouble()));
        return m;
    }

    private static void collectNaN(JsonNode n, String at, List<String> found) {
        if (n.isTextual() && n.asText().equals("NaN")) {
            found.add(at);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            collectNaN(e.getValue(), at + "/" + e.getKey(), found);
        }
        for (int i = 0; n.isArray() && i < n.size(); i++) {
            collectNaN(n.get(i), at + "/" + i, found);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
