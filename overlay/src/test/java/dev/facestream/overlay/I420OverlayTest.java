package dev.facestream.overlay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.wire.KeypointsRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * The annotated video's drawing: converting only the part around the faces must give the frame
 * that converting the whole frame gives, where anything is drawn.
 */
class I420OverlayTest {
    private static final int W = 640;
    private static final int H = 480;

    /** A face with its 15 points spread over the box, a few on and past its edges. */
    private static KeypointsRecord face(int index, long track, float x, float y, float w, float h) {
        Map<String, float[]> points = new LinkedHashMap<>();
        for (Keypoint k : Keypoint.all()) {
            int i = k.ordinal();
            points.put(k.key(), new float[] {x + w * (i % 5) / 4.2f - 1.3f, y + h * (i / 5) / 2.1f + 0.7f});
        }
        return new KeypointsRecord("s", 7, 0, index, track, new float[] {x, y, w, h}, null, null, points, "m", "cpu");
    }

    private static byte[] randomFrame(long seed) {
        byte[] i420 = new byte[W * H * 3 / 2];
        new Random(seed).nextBytes(i420);
        return i420;
    }

    /** The frame converted whole to BGR, drawn on (or not), converted back: the reference. */
    private static byte[] wholeFrame(byte[] i420, List<KeypointsRecord> faces) {
        try (BytePointer in = new BytePointer(i420);
             Mat yuv = new Mat(H * 3 / 2, W, opencv_core.CV_8UC1, in);
             Mat bgr = new Mat();
             Mat out = new Mat()) {
            opencv_imgproc.cvtColor(yuv, bgr, opencv_imgproc.COLOR_YUV2BGR_I420);
            if (faces != null) {
                KeypointsOverlay.draw(bgr, faces);
            }
            opencv_imgproc.cvtColor(bgr, out, opencv_imgproc.COLOR_BGR2YUV_I420);
            byte[] result = new byte[i420.length];
            out.data().get(result);
            return result;
        }
    }

    private static byte[] drawnInPlace(byte[] i420, List<KeypointsRecord> faces) {
        try (I420Overlay overlay = new I420Overlay(W, H)) {
            overlay.data().put(i420);
            overlay.draw(faces);
            byte[] result = new byte[i420.length];
            overlay.data().get(result);
            return result;
        }
    }

    /** Whether byte {@code i} of an I420 frame shows a pixel inside {@code r}. */
    private static boolean inside(int i, int[] r) {
        int x;
        int y;
        int scale;
        if (i < W * H) {
            x = i % W;
            y = i / W;
            scale = 1;
        } else {
            int c = (i - W * H) % (W * H / 4);
            x = c % (W / 2);
            y = c / (W / 2);
            scale = 2;
        }
        return x * scale >= r[0] && x * scale < r[2] && y * scale >= r[1] && y * scale < r[3];
    }

    private static void assertSameAsWholeFrame(List<KeypointsRecord> faces) {
        byte[] original = randomFrame(42);
        byte[] reference = wholeFrame(original, faces);
        byte[] untouchedReference = wholeFrame(original, null);
        byte[] drawn = drawnInPlace(original, faces);
        int[] r = KeypointsOverlay.bounds(faces, W, H);
        assertNotNull(r);
        assertTrue(r[0] % 2 == 0 && r[1] % 2 == 0 && r[2] % 2 == 0 && r[3] % 2 == 0,
                "even bounds: " + java.util.Arrays.toString(r));
        int changedByDrawing = 0;
        for (int i = 0; i < original.length; i++) {
            if (inside(i, r)) {
                assertEquals(reference[i], drawn[i], "byte " + i + " inside the drawn part");
                if (reference[i] != untouchedReference[i]) {
                    changedByDrawing++;
                }
            } else {
                assertEquals(untouchedReference[i], reference[i],
                        "byte " + i + ": the whole-frame drawing reaches outside the bounds " + java.util.Arrays.toString(r));
                assertEquals(original[i], drawn[i], "byte " + i + " outside the drawn part is left as decoded");
            }
        }
        assertTrue(changedByDrawing > 500, "the faces were drawn: " + changedByDrawing + " bytes changed");
    }

    @Test
    void drawingOnThePartAroundTheFacesGivesTheWholeFramesResultAndLeavesTheRestAsDecoded() {
        assertSameAsWholeFrame(List.of(face(0, 3, 201.37f, 143.61f, 181.2f, 203.9f)));
    }

    @Test
    void twoFacesOneAtTheTopLeftCornerAndOneOverTheRightEdge() {
        // the first face's label is pushed down to stay in the frame; the second is cut off
        assertSameAsWholeFrame(List.of(face(0, 12, 3.2f, 1.5f, 90.4f, 110.3f),
                face(1, 1234, 575.5f, 300.25f, 120f, 150f)));
    }

    @Test
    void framesWithoutFacesAreLeftAsTheyAre() {
        byte[] original = randomFrame(7);
        assertArrayEquals(original, drawnInPlace(original, List.of()));
        KeypointsRecord noBoxNoPoints = new KeypointsRecord("s", 1, 0, 0, 0, null, null, null, Map.of(), "m", "cpu");
        assertArrayEquals(original, drawnInPlace(original, List.of(noBoxNoPoints)));
    }

    @Test
    void oddFrameSizesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new I420Overlay(641, 480));
        assertTrue(e.getMessage().contains("641x480"), e.getMessage());
    }
}
