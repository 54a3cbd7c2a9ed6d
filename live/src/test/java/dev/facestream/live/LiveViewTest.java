package dev.facestream.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.producer.CapturedFrame;
import dev.facestream.pipeline.KeypointsCollector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The join of frames and keypoints, with no Kafka: frames come in as the producer hands them
 * over, keypoints as the collector delivers them. The overlay wait is either very long (the
 * frame must wait for its keypoints) or zero (it must not wait at all), so nothing depends on
 * how fast this machine is.
 */
class LiveViewTest {
    private static final long LONG_WAIT_MS = 60_000;
    /** Seconds a test may take at most: a failing join must end the test, not hang it. */
    private static final long GIVE_UP_MS = 30_000;

    private final GrayImage image = new GrayImage(64, 48, new byte[64 * 48]);

    private CapturedFrame frame(long number) {
        return new CapturedFrame(number, number * 33_333, 1_000_000_000L + number * 33_333, image);
    }

    private FaceCropRecord crop(CapturedFrame f, int face, long track, FaceBox box) {
        return new FaceCropRecord("cam0", f.number(), f.capturedAtMicros(), face, track, box, CropRule.forBox(box),
                image.width(), image.height(), CropRule.crop(image, CropRule.forBox(box)));
    }

    private static KeypointsCollector.Received keypoints(FaceCropRecord c, float x) {
        return keypoints(c, x, null);
    }

    private static KeypointsCollector.Received keypoints(FaceCropRecord c, float x, Double confidence) {
        KeypointsRecord r = new KeypointsRecord(c.streamId(), c.frame(), c.capturedAtMicros(), c.face(), c.track(),
                new float[] {c.box().x(), c.box().y(), c.box().width(), c.box().height()},
                c.box().score(), confidence, Map.of("nose_tip", new float[] {x, 10}), "v1", "cpu");
        return new KeypointsCollector.Received(r, r.toJson(), c.capturedAtMicros() + 20_000);
    }

    /** Hands the view frame 0 with one face of track {@code track}; its crop, to answer with keypoints. */
    private FaceCropRecord frameZeroWithOneFace(LiveView view, long track) {
        CapturedFrame f0 = frame(0);
        FaceCropRecord c = crop(f0, 0, track, new FaceBox(10, 10, 20, 20, 0.9f));
        view.frame(f0, List.of(c));
        return c;
    }

    @Test
    void aFrameWaitsForItsKeypointsAndIsShownWithThem() throws Exception {
        try (LiveView view = new LiveView(LONG_WAIT_MS, 80).start()) {
            FaceCropRecord c = frameZeroWithOneFace(view, 7);
            view.keypoints(keypoints(c, 15));

            LiveView.Shown shown = view.awaitAfter(0, GIVE_UP_MS);
            assertNotNull(shown, "the frame is released once its keypoints are in");
            assertEquals(0, shown.frame());
            assertEquals(1, shown.faces().size());
            LiveView.ShownFace face = shown.faces().get(0);
            assertFalse(face.stale());
            assertEquals(7, face.track());
            assertArrayEquals(new float[] {15, 10}, face.keypoints().get("nose_tip"));
            byte[] jpeg = shown.jpeg();
            assertTrue(jpeg.length > 100 && (jpeg[0] & 0xff) == 0xFF && (jpeg[1] & 0xff) == 0xD8,
                    "the frame is a JPEG");
            assertEquals("v1", view.figures().modelVersion());
            assertEquals(1, view.figures().facesFresh());
        }
    }

    @Test
    void aFaceUnderTheLowConfidenceThresholdIsMarkedAndOneWithoutAConfidenceIsNot() throws Exception {
        try (LiveView view = new LiveView(LONG_WAIT_MS, 80, 0.5).start()) {
            CapturedFrame f0 = frame(0);
            FaceCropRecord doubted = crop(f0, 0, 1, new FaceBox(10, 10, 20, 20, 0.9f));
            FaceCropRecord trusted = crop(f0, 1, 2, new FaceBox(34, 10, 20, 20, 0.8f));
            view.frame(f0, List.of(doubted, trusted));
            view.keypoints(keypoints(doubted, 15, 0.3));
            view.keypoints(keypoints(trusted, 40, 0.9));
            LiveView.Shown shown = view.awaitAfter(0, GIVE_UP_MS);
            assertNotNull(shown);
            assertTrue(shown.faces().get(0).lowConfidence());
            assertEquals(0.3, shown.faces().get(0).confidence(), 1e-12);
            assertFalse(shown.faces().get(1).lowConfidence());

            CapturedFrame f1 = frame(1);
            FaceCropRecord unknown = crop(f1, 0, 3, new FaceBox(10, 10, 20, 20, 0.9f));
            view.frame(f1, List.of(unknown));
            view.keypoints(keypoints(unknown, 15, null));
            LiveView.Shown next = view.awaitAfter(shown.seq(), GIVE_UP_MS);
            assertNotNull(next);
            assertFalse(next.faces().get(0).lowConfidence(), "a model without a confidence head marks nothing");
            assertNull(next.faces().get(0).confidence());
        }
    }

    @Test
    void aLowConfidenceThresholdOutsideZeroToOneIsRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new LiveView(LONG_WAIT_MS, 80, 1.5));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void framesLeaveInOrderAndAFrameWithoutFacesDoesNotOvertakeOneThatWaits() throws Exception {
        try (LiveView view = new LiveView(LONG_WAIT_MS, 80).start()) {
            FaceCropRecord c = frameZeroWithOneFace(view, 1);
            view.frame(frame(1), List.of());   // no face: ready at once, but behind frame 0

            assertNull(view.awaitAfter(0, 300), "frame 1 must not be shown before frame 0");
            view.keypoints(keypoints(c, 15));
            LiveView.Shown first = view.awaitAfter(0, GIVE_UP_MS);
            assertNotNull(first);
            // the view may have released both by now: the newest is what a viewer gets
            LiveView.Shown second = first.frame() == 0 ? view.awaitAfter(first.seq(), GIVE_UP_MS) : first;
            assertNotNull(second);
            assertEquals(1, second.frame());
            assertEquals(2, second.seq());
            assertTrue(second.faces().isEmpty());
        }
    }

    @Test
    void lateKeypointsAreReplacedByTheTracksNewestMovedWithTheBoxAndMarkedStale() throws Exception {
        // no wait at all: every frame whose keypoints are not in yet is shown stale
        try (LiveView view = new LiveView(0, 80).start()) {
            CapturedFrame f0 = frame(0);
            FaceCropRecord c0 = crop(f0, 0, 3, new FaceBox(10, 10, 20, 20, 0.9f));
            view.keypoints(keypoints(c0, 15));   // track 3's newest points, at x=15 in a box at x=10
            CapturedFrame f1 = frame(1);
            // the face moved right by 10 and grew to twice its size
            FaceCropRecord c1 = crop(f1, 0, 3, new FaceBox(20, 10, 40, 40, 0.9f));
            view.frame(f1, List.of(c1));

            LiveView.Shown shown = view.awaitAfter(0, GIVE_UP_MS);
            assertNotNull(shown);
            LiveView.ShownFace face = shown.faces().get(0);
            assertTrue(face.stale(), "frame 1's own keypoints never came");
            assertEquals(0, face.keypointsFrame(), "the points are frame 0's");
            // x: 20 + (15 - 10) * 2 = 30; y: 10 + (10 - 10) * 2 = 10
            assertArrayEquals(new float[] {30, 10}, face.keypoints().get("nose_tip"), 1e-4f);
            assertArrayEquals(new float[] {20, 10, 40, 40}, face.box(), "the box is this frame's");

            CapturedFrame f2 = frame(2);
            view.frame(f2, List.of(crop(f2, 0, 99, new FaceBox(5, 5, 10, 10, 0.9f))));
            LiveView.Shown next = view.awaitAfter(shown.seq(), GIVE_UP_MS);
            assertNotNull(next);
            LiveView.ShownFace unknown = next.faces().get(0);
            assertTrue(unknown.stale());
            assertNull(unknown.keypoints(), "a track with no keypoints yet is drawn as a box alone");
            assertEquals(2, view.figures().facesStale());
        }
    }

    @Test
    void keypointsOfAFrameAlreadyShownAreCountedLateAndStillServeItsTrack() throws Exception {
        try (LiveView view = new LiveView(0, 80).start()) {
            CapturedFrame f0 = frame(0);
            FaceCropRecord c0 = crop(f0, 0, 5, new FaceBox(10, 10, 20, 20, 0.9f));
            view.frame(f0, List.of(c0));
            LiveView.Shown shown = view.awaitAfter(0, GIVE_UP_MS);
            assertNotNull(shown);
            assertTrue(shown.faces().get(0).stale());

            view.keypoints(keypoints(c0, 12));
            assertEquals(1, view.figures().keypointsLate());
            assertEquals(20.0, view.figures().latencyLastMs(), 1e-9, "capture to receipt, 20 ms in these records");

            CapturedFrame f1 = frame(1);
            view.frame(f1, List.of(crop(f1, 0, 5, new FaceBox(10, 10, 20, 20, 0.9f))));
            LiveView.Shown next = view.awaitAfter(shown.seq(), GIVE_UP_MS);
            assertNotNull(next);
            assertArrayEquals(new float[] {12, 10}, next.faces().get(0).keypoints().get("nose_tip"), 1e-4f);
        }
    }

    @Test
    void aLoopingVideoForgetsItsTracks() throws Exception {
        try (LiveView view = new LiveView(0, 80).start()) {
            CapturedFrame f0 = frame(0);
            view.keypoints(keypoints(crop(f0, 0, 0, new FaceBox(10, 10, 20, 20, 0.9f)), 15));
            view.sourceRestarted();
            // the same track id again, from the video's next round: the old points must not be used
            CapturedFrame again = new CapturedFrame(0, 0, f0.capturedAtMicros() + 10_000_000, image);
            view.frame(again, List.of(crop(again, 0, 0, new FaceBox(30, 10, 20, 20, 0.9f))));
            LiveView.Shown shown = view.awaitAfter(0, GIVE_UP_MS);
            assertNotNull(shown);
            assertNull(shown.faces().get(0).keypoints());
        }
    }

    @Test
    void whileTwoFramesAwaitTheirKeypointsTheNextFramesCropsAreWithheldAndItIsShownAtOnce() throws Exception {
        try (LiveView view = new LiveView(LONG_WAIT_MS, 80).start()) {
            CapturedFrame f0 = frame(0);
            CapturedFrame f1 = frame(1);
            CapturedFrame f2 = frame(2);
            FaceCropRecord c0 = crop(f0, 0, 4, new FaceBox(10, 10, 20, 20, 0.9f));
            FaceCropRecord c1 = crop(f1, 0, 4, new FaceBox(10, 10, 20, 20, 0.9f));
            FaceCropRecord c2 = crop(f2, 0, 4, new FaceBox(12, 10, 20, 20, 0.9f));
            assertTrue(view.admit(f0, List.of(c0)));
            view.frame(f0, List.of(c0));
            assertTrue(view.admit(f1, List.of(c1)));
            view.frame(f1, List.of(c1));
            assertFalse(view.admit(f2, List.of(c2)), LiveView.MAX_FRAMES_IN_FLIGHT + " frames are in flight");
            view.frame(f2, List.of(c2));
            assertTrue(view.admit(frame(3), List.of()), "a frame without faces sends nothing: always admitted");
            assertEquals(1, view.figures().cropFramesWithheld());

            view.keypoints(keypoints(c0, 15));
            view.keypoints(keypoints(c1, 16));
            // frames 0 and 1 go out with their own points, frame 2 without waiting: none will come
            LiveView.Shown shown = null;
            for (long seq = 0; shown == null || shown.frame() < 2; seq = shown.seq()) {
                shown = view.awaitAfter(seq, GIVE_UP_MS);
                assertNotNull(shown, "frame 2 is shown although its keypoints were never asked for");
            }
            LiveView.ShownFace face = shown.faces().get(0);
            assertTrue(face.stale());
            assertEquals(1, face.keypointsFrame(), "the track's newest points, frame 1's");
            assertArrayEquals(new float[] {18, 10}, face.keypoints().get("nose_tip"), 1e-4f);
            CapturedFrame f4 = frame(4);
            assertTrue(view.admit(f4, List.of(crop(f4, 0, 4, new FaceBox(10, 10, 20, 20, 0.9f)))),
                    "answered frames are no longer in flight");
        }
    }

    @Test
    void framesThatNeverGetTheirKeypointsStopCountingAsInFlightAfterASecond() {
        LiveView view = new LiveView(LONG_WAIT_MS, 80);
        for (long n = 0; n < LiveView.MAX_FRAMES_IN_FLIGHT; n++) {
            CapturedFrame f = frame(n);
            assertTrue(view.admit(f, List.of(crop(f, 0, 1, new FaceBox(10, 10, 20, 20, 0.9f)))));
        }
        CapturedFrame soon = frame(LiveView.MAX_FRAMES_IN_FLIGHT);
        assertFalse(view.admit(soon, List.of(crop(soon, 0, 1, new FaceBox(10, 10, 20, 20, 0.9f)))));
        CapturedFrame later = new CapturedFrame(100, 100 * 33_333,
                frame(0).capturedAtMicros() + LiveView.IN_FLIGHT_EXPIRY_MICROS + 40_000, image);
        assertTrue(view.admit(later, List.of(crop(later, 0, 1, new FaceBox(10, 10, 20, 20, 0.9f)))),
                "no detector answers (none runs, or the crops were lost): a frame every second still goes");
        view.close();
    }

    @Test
    void aViewThatFellBehindDropsTheOlderFramesThatCouldGoOutUnencodedAndCountsThem() throws Exception {
        // not started yet: three frames wait, all ready to go, none encoded, as when the view's
        // thread got no CPU for a while
        try (LiveView view = new LiveView(LONG_WAIT_MS, 80)) {
            view.frame(frame(0), List.of());
            view.frame(frame(1), List.of());
            view.frame(frame(2), List.of());
            view.start();
            LiveView.Shown shown = view.awaitAfter(0, GIVE_UP_MS);
            assertNotNull(shown);
            assertEquals(2, shown.frame(), "the newest frame is the one shown");
            assertEquals(1, shown.seq());
            assertEquals(2, view.figures().framesDropped());
            assertEquals(1, view.figures().framesShown());
        }
    }

    @Test
    void aColourFrameIsShownInColourAndAGrayOneInGray() throws Exception {
        int w = 64;
        int h = 48;
        // I420 of a saturated red (BT.601 video range: Y 81, U 90, V 240) beside a mid gray
        byte[] i420 = new byte[w * h * 3 / 2];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                i420[y * w + x] = (byte) (x < w / 2 ? 81 : 126);
            }
        }
        for (int y = 0; y < h / 2; y++) {
            for (int x = 0; x < w / 2; x++) {
                boolean red = x < w / 4;
                i420[w * h + y * (w / 2) + x] = (byte) (red ? 90 : 128);
                i420[w * h + w * h / 4 + y * (w / 2) + x] = (byte) (red ? 240 : 128);
            }
        }
        CapturedFrame coloured = new CapturedFrame(0, 0, 1_000_000_000L, image,
                new dev.facestream.producer.ColourFrame(0, w, h, 30, i420));
        try (LiveView view = new LiveView(LONG_WAIT_MS, 90).start()) {
            view.frame(coloured, List.of());
            LiveView.Shown shown = view.awaitAfter(0, GIVE_UP_MS);
            assertNotNull(shown);
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(shown.jpeg()));
            int[] red = rgb(img.getRGB(w / 8, h / 2));
            int[] gray = rgb(img.getRGB(w * 3 / 4, h / 2));
            assertTrue(red[0] > 200 && red[1] < 60 && red[2] < 60, "red where the source is: " + List.of(red[0],
                    red[1], red[2]));
            assertTrue(Math.abs(gray[0] - gray[1]) < 6 && Math.abs(gray[1] - gray[2]) < 6,
                    "gray where the source is: " + List.of(gray[0], gray[1], gray[2]));
        }
    }

    private static int[] rgb(int argb) {
        return new int[] {(argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff};
    }
}
