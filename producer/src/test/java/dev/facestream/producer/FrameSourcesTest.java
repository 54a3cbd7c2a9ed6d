package dev.facestream.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.face.FaceDetector;
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
}
