package dev.facestream.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facestream.core.crop.CropRule;
import dev.facestream.face.FaceDetector;
import dev.facestream.core.wire.FaceCropRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSourcesTest {
    static Path sample(String name) {
        Path p = Path.of(System.getProperty("facestream.shared", "../../shared"), "samples", name);
        assumeTrue(Files.isRegularFile(p), "sample video " + p + " is not available");
        return p;
    }

    @Test
    void aGifIsReadFrameByFrameInGrayWithIncreasingMediaTime() throws Exception {
        Path gif = sample("head-pose-female-480x270.gif");
        try (FrameSource s = FrameSources.open(gif.toString())) {
            assertFalse(s.live());
            long lastTime = -1;
            int n = 0;
            for (CapturedFrame f; (f = s.next()) != null; n++) {
                assertEquals(n, f.number());
                assertEquals(480, f.image().width());
                assertEquals(270, f.image().height());
                assertTrue(f.mediaTimeMicros() > lastTime, "media time must increase");
                lastTime = f.mediaTimeMicros();
            }
            assertEquals(23, n, "the 1.9 s clip at 12 fps");
        }
    }

    @Test
    void everyFaceOfAFrameBecomesAConsistentCrop() throws Exception {
        Path gif = sample("head-pose-male-480x270.gif");
        try (FrameSource s = FrameSources.open(gif.toString());
             FaceCropper cropper = new FaceCropper("male", FaceDetector.create())) {
            CapturedFrame f = s.next();
            List<FaceCropRecord> crops = cropper.crops(f);
            assertEquals(1, crops.size(), "one person in the clip");
            FaceCropRecord c = crops.get(0);
            assertEquals(CropRule.SIZE, c.crop().width());
            assertEquals(480, c.frameWidth());
            assertEquals(f.capturedAtMicros(), c.capturedAtMicros());
            // the crop centre maps back to a point inside the detected box
            double[] centre = c.transform().toImage(CropRule.SIZE / 2.0, CropRule.SIZE / 2.0);
            assertTrue(centre[0] > c.box().x() && centre[0] < c.box().x() + c.box().width());
            assertEquals(c.track(), cropper.crops(s.next()).get(0).track(), "same face, same track");
        }
    }

    @Test
    void aColourViewOfAVideoKeepsTheColourPictureAndTheSameGrayImage() throws Exception {
        Path video = sample("webcam-talking-854x480.mp4");
        try (FrameSource gray = FrameSources.open(video.toString());
             FrameSource colour = FrameSources.open(video.toString(), true)) {
            for (int n = 0; n < 3; n++) {
                CapturedFrame g = gray.next();
                CapturedFrame c = colour.next();
                assertEquals(null, g.colour(), "no colour unless asked for");
                assertTrue(java.util.Arrays.equals(g.image().pixels(), c.image().pixels()),
                        "the gray image, and so every crop, is the same with a colour view");
                assertEquals(854, c.colour().width());
                assertEquals(480, c.colour().height());
                assertTrue(chromaSpread(c.colour()) > 10, "a webcam picture has colour");
            }
        }
    }

    @Test
    void aColourViewOfAnImageFolderKeepsColourWhereTheImageHasItAndTheSameGrayImage(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(64, 32,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, x < 32 ? 0xff0000 : 0x808080);
            }
        }
        javax.imageio.ImageIO.write(img, "png", dir.resolve("a.png").toFile());
        try (FrameSource gray = FrameSources.open(dir.toString());
             FrameSource colour = FrameSources.open(dir.toString(), true)) {
            CapturedFrame g = gray.next();
            CapturedFrame c = colour.next();
            assertTrue(java.util.Arrays.equals(g.image().pixels(), c.image().pixels()));
            ColourFrame f = c.colour();
            int v = f.width() * f.height() + f.width() * f.height() / 4;
            int redV = f.i420()[v + 8 * (f.width() / 2) + 4] & 0xff;
            int grayV = f.i420()[v + 8 * (f.width() / 2) + 28] & 0xff;
            assertTrue(redV > 200, "red has a high V (Cr): " + redV);
            assertTrue(Math.abs(grayV - 128) <= 1, "gray has none: " + grayV);
        }
    }

    /** The largest distance of a chroma sample from neutral (128). */
    private static int chromaSpread(ColourFrame f) {
        int max = 0;
        for (int i = f.width() * f.height(); i < f.i420().length; i++) {
            max = Math.max(max, Math.abs((f.i420()[i] & 0xff) - 128));
        }
        return max;
    }

    @Test
    void aMissingCameraFailsWithAClearMessage() {
        IOException e = assertThrows(IOException.class, () -> FrameSources.open("97"));
        assertTrue(e.getMessage().startsWith("camera 97"), e.getMessage());
    }

    @Test
    void aMissingFileOrEmptyFolderFailsWithAClearMessage(@org.junit.jupiter.api.io.TempDir Path dir) {
        IOException file = assertThrows(IOException.class, () -> FrameSources.open(dir.resolve("nope.mp4").toString()));
        assertTrue(file.getMessage().contains("no such file"), file.getMessage());
        IOException folder = assertThrows(IOException.class, () -> FrameSources.open(dir.toString()));
        assertTrue(folder.getMessage().contains("contains no images"), folder.getMessage());
    }

    @Test
    void streamIdsComeFromTheSourceName() {
        assertEquals("cam0", FrameSources.defaultStreamId("0"));
        assertEquals("clip", FrameSources.defaultStreamId("/a/b/clip.mp4"));
        assertEquals("frames", FrameSources.defaultStreamId("/a/frames/"));
    }

    @Test
    void aVideoReadInColourGivesTheSameGrayImagesAndEveryFrameInColourOnce() throws Exception {
        for (String name : new String[] {"webcam-talking-854x480.mp4", "head-pose-male-480x270.gif"}) {
            Path video = sample(name);
            List<ColourFrame> colour = new java.util.ArrayList<>();
            try (FrameSource gray = FrameSources.open(video.toString());
                 FrameSource both = FrameSources.openVideo(video.toString(), colour::add)) {
                CapturedFrame g;
                int n = 0;
                while ((g = gray.next()) != null && n < 40) {
                    CapturedFrame c = both.next();
                    assertEquals(g.number(), c.number());
                    // the crops, and so the keypoints, must not depend on whether a video is
                    // written: identical for a YUV-coded video; an RGB source (GIF) goes through
                    // video-range YUV in colour, which rounds by at most one gray level
                    int maxDiff = 0;
                    for (int i = 0; i < g.image().pixels().length; i++) {
                        maxDiff = Math.max(maxDiff, Math.abs((g.image().pixels()[i] & 0xff)
                                - (c.image().pixels()[i] & 0xff)));
                    }
                    assertTrue(maxDiff <= (name.endsWith(".gif") ? 1 : 0),
                            name + " frame " + n + ": gray differs by up to " + maxDiff + " when decoding in colour");
                    assertEquals(n + 1, colour.size(), "one colour frame per frame read");
                    ColourFrame f = colour.get(n);
                    assertEquals(n, f.number());
                    assertEquals(g.image().width(), f.width());
                    assertEquals(g.image().height(), f.height());
                    assertTrue(f.frameRate() > 0, "the source's frame rate goes along for the video writer");
                    n++;
                }
                assertEquals(40, n);
            }
        }
    }

    @Test
    void colourIsOnlyForVideos() {
        IOException e = assertThrows(IOException.class, () -> FrameSources.openVideo("0", f -> { }));
        assertTrue(e.getMessage().contains("only from a video file"), e.getMessage());
    }

    @Test
    void anOddSizedPictureLosesItsLastColumnAndRowInColour() {
        // 5x3 I420: luma 5x3 in rows of 8, chroma 3x2 in rows of 4 (padded rows, as FFmpeg may give)
        java.nio.ByteBuffer y = java.nio.ByteBuffer.allocate(8 * 3);
        java.nio.ByteBuffer u = java.nio.ByteBuffer.allocate(4 * 2);
        java.nio.ByteBuffer v = java.nio.ByteBuffer.allocate(4 * 2);
        for (int row = 0; row < 3; row++) {
            for (int x = 0; x < 5; x++) {
                y.put(row * 8 + x, (byte) (10 * row + x));
            }
        }
        for (int row = 0; row < 2; row++) {
            for (int x = 0; x < 3; x++) {
                u.put(row * 4 + x, (byte) (100 + 10 * row + x));
                v.put(row * 4 + x, (byte) (200 + 10 * row + x));
            }
        }
        ColourFrame f = ColourFrame.fromPlanes(7, 5, 3, 25, y, 8, u, 4, v, 4);
        assertEquals(4, f.width());
        assertEquals(2, f.height());
        assertEquals(7, f.number());
        byte[] expected = {0, 1, 2, 3, 10, 11, 12, 13, 100, 101, (byte) 200, (byte) 201};
        assertTrue(java.util.Arrays.equals(expected, f.i420()), java.util.Arrays.toString(f.i420()));
    }
}
