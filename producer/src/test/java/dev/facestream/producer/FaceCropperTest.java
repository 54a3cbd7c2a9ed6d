package dev.facestream.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.face.FaceDetector;
import dev.facestream.core.wire.FaceCropRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Face detection on every n-th frame: the frames in between are cut at the last boxes. */
class FaceCropperTest {
    private static List<CapturedFrame> frames(Path video, int n) throws Exception {
        List<CapturedFrame> out = new ArrayList<>();
        try (FrameSource s = FrameSources.open(video.toString())) {
            for (CapturedFrame f; out.size() < n && (f = s.next()) != null; ) {
                out.add(f);
            }
        }
        return out;
    }

    private static FaceBox box(List<FaceCropRecord> crops) {
        assertEquals(1, crops.size(), "one person in the clip");
        return crops.get(0).box();
    }

    @Test
    void everyThirdFrameIsDetectedAndTheFramesBetweenAreCutAtItsBoxFromTheirOwnPixels() throws Exception {
        // the head turns and moves through the clip, so fresh detections differ
        List<CapturedFrame> frames = frames(FrameSourcesTest.sample("head-pose-male-480x270.gif"), 9);
        try (FaceCropper everyFrame = new FaceCropper("m", FaceDetector.create(), FaceDetector.DEFAULT_DETECT_WIDTH);
             FaceCropper everyThird = new FaceCropper("m", FaceDetector.create(), FaceDetector.DEFAULT_DETECT_WIDTH,
                     3)) {
            List<FaceCropRecord> detectedAt = null;
            boolean movedBetweenDetections = false;
            for (CapturedFrame f : frames) {
                List<FaceCropRecord> all = everyFrame.crops(f);
                List<FaceCropRecord> some = everyThird.crops(f);
                if (f.number() % 3 == 0) {
                    assertEquals(box(all), box(some), "frame " + f.number() + " is detected");
                    if (detectedAt != null && !box(detectedAt).equals(box(some))) {
                        movedBetweenDetections = true;
                    }
                    detectedAt = some;
                } else {
                    FaceCropRecord c = some.get(0);
                    assertEquals(box(detectedAt), c.box(), "frame " + f.number() + " is cut at the last box");
                    assertEquals(detectedAt.get(0).transform(), c.transform());
                    assertEquals(f.number(), c.frame());
                    assertFalse(Arrays.equals(detectedAt.get(0).crop().pixels(), c.crop().pixels()),
                            "frame " + f.number() + " is cut from its own pixels");
                    assertEquals(detectedAt.get(0).track(), c.track(), "same face, same track");
                }
            }
            assertTrue(movedBetweenDetections, "each detection finds the face where it is now");
        }
    }

    @Test
    void aFrameOfAnotherSizeIsAlwaysDetected() throws Exception {
        CapturedFrame first = frames(FrameSourcesTest.sample("head-pose-male-480x270.gif"), 1).get(0);
        // the same picture without its first 60 columns: the face is 60 px further left
        GrayImage full = first.image();
        int w = full.width() - 60;
        byte[] px = new byte[w * full.height()];
        for (int y = 0; y < full.height(); y++) {
            System.arraycopy(full.pixels(), y * full.width() + 60, px, y * w, w);
        }
        CapturedFrame narrower = new CapturedFrame(1, 0, 0, new GrayImage(w, full.height(), px));
        try (FaceCropper cropper = new FaceCropper("m", FaceDetector.create(), FaceDetector.DEFAULT_DETECT_WIDTH, 10)) {
            FaceBox before = box(cropper.crops(first));
            FaceBox after = box(cropper.crops(narrower));
            assertNotEquals(before, after, "detected again, not carried over");
            assertEquals(before.x() - 60, after.x(), 3, "the same face, found 60 px to the left");
        }
    }

    @Test
    void detectingOnLessThanEveryFrameIsRefused() {
        try (FaceDetector detector = FaceDetector.create()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new FaceCropper("m", detector, 320, 0));
            assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        }
    }
}
