package dev.facestream.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A video cut short is reported as damaged, with the frame it stopped at and FFmpeg's words. */
class DamagedVideoTest {
    @TempDir
    Path tmp;

    private static long readAll(FrameSource s) throws Exception {
        long n = 0;
        while (s.next() != null) {
            n++;
        }
        return n;
    }

    @Test
    void anMp4CutAtHalfItsBytesIsDamagedAtTheFrameWhereDecodingStopped() throws Exception {
        Path whole = FrameSourcesTest.sample("webcam-talking-854x480.mp4");
        byte[] bytes = Files.readAllBytes(whole);
        Path half = tmp.resolve("half.mp4");
        Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));

        long complete;
        try (FrameSource s = FrameSources.open(whole.toString())) {
            complete = readAll(s);
        }
        try (FrameSource s = FrameSources.open(half.toString())) {
            long[] read = {0};
            DamagedVideoException e = assertThrows(DamagedVideoException.class, () -> {
                while (s.next() != null) {
                    read[0]++;
                }
            });
            assertEquals(read[0], e.framesRead());
            assertTrue(read[0] > 0 && read[0] < complete, read[0] + " of " + complete + " frames");
            assertTrue(e.getMessage().startsWith("video " + half + " is damaged: decoding stopped after frame "
                    + (read[0] - 1)), e.getMessage());
            assertTrue(e.getMessage().contains("FFmpeg said: ") && !e.getMessage().contains("FFmpeg said: nothing"),
                    e.getMessage());
        }
    }
}
