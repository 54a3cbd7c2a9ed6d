package dev.facestream.pipeline;

import dev.facestream.overlay.KeypointsOverlay;
import dev.facestream.overlay.I420Overlay;

import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.producer.ColourFrame;
import io.micrometer.core.instrument.Counter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes the outputs of a finite run as its keypoints arrive: the input video again, every
 * frame, with that frame's keypoints drawn ({@link KeypointsOverlay}; frames without faces are
 * written plain), and a JSONL file with one detector record per face per frame, in frame order.
 *
 * <p>The frames come from the producer, which decodes the video once, in I420, for both of
 * them ({@link ColourFrameQueue}), and go to the encoder in I420: keypoints are drawn in place,
 * with only the part of the frame around the faces converted to BGR and back
 * ({@link I420Overlay}). (Until the run shared the decode, this class read the video a second
 * time, in BGR, and the encoder converted every frame back: a second H.264 decoder and two
 * whole-frame colour conversions per frame.)
 */
public final class AnnotatedOutput {
    /**
     * Bits per pixel and frame of the H.264 output: 0.1 keeps drawn points and edges clean at
     * webcam sizes (1.2 Mbit/s for 854x480 at 30 fps). The bundled FFmpeg encodes H.264 with
     * OpenH264 (no x264), which takes a bit rate rather than x264's crf and preset.
     */
    private static final double BITS_PER_PIXEL = 0.1;

    private AnnotatedOutput() {
    }

    /**
     * Writes the outputs; returns the number of frames written (the video's frames, or, without
     * a video output, the frames the producer read).
     *
     * @param frames     the producer's colour frames, in order; null without a video output
     * @param videoOut   annotated video to write, or null
     * @param jsonlOut   JSONL to write, or null
     * @param ledger     where keypoints wait for their frame
     * @param written    counts written frames
     * @param minConfidence faces whose confidence is under this are left out of both outputs (a face
     *                   without a confidence is kept); 0 keeps all
     */
    static long write(ColourFrameQueue frames, Path videoOut, Path jsonlOut, KeypointsByFrame ledger, Counter written,
            double minConfidence) throws IOException, InterruptedException {
        try (OutputStream jsonl = jsonlOut == null ? OutputStream.nullOutputStream()
                : new BufferedOutputStream(Files.newOutputStream(createParent(jsonlOut)), 1 << 16)) {
            if (videoOut == null) {
                // no video to walk: walk the producer's frame numbers until it says how many it
                // read (await returns at once for frames past the end, once the producer is done)
                for (long n = 0; ; n++) {
                    List<KeypointsCollector.Received> faces = confident(ledger.await(n), minConfidence);
                    long total = ledger.counts().framesRead();
                    if (total >= 0 && n >= total) {
                        return n;
                    }
                    writeJsonl(jsonl, faces);
                    written.increment();
                }
            }
            return writeVideo(frames, createParent(videoOut), jsonl, ledger, written, minConfidence);
        }
    }

    private static long writeVideo(ColourFrameQueue frames, Path videoOut, OutputStream jsonl,
            KeypointsByFrame ledger, Counter written, double minConfidence) throws IOException, InterruptedException {
        long n = 0;
        FFmpegFrameRecorder recorder = null;
        // the frame in native memory, reused (a video's frame size never changes): keypoints are
        // drawn onto it in place and the encoder reads it as it is, I420
        I420Overlay overlay = null;
        try {
            ColourFrame f;
            while ((f = frames.take()) != null) {
                if (f.number() != n) {
                    throw new IllegalStateException("the producer handed on frame " + f.number() + " where frame " + n
                            + " was due");
                }
                if (recorder == null) {
                    recorder = openRecorder(videoOut, f.width(), f.height(), f.frameRate());
                    overlay = new I420Overlay(f.width(), f.height());
                }
                List<KeypointsCollector.Received> faces = confident(ledger.await(n), minConfidence);
                BytePointer data = overlay.data();
                data.put(f.i420());
                frames.recycle(f);
                if (!faces.isEmpty()) {
                    List<KeypointsRecord> records = new ArrayList<>(faces.size());
                    faces.forEach(r -> records.add(r.record()));
                    overlay.draw(records);
                }
                try {
                    recorder.recordImage(f.width(), f.height(), Frame.DEPTH_UBYTE, 1, f.width(),
                            avutil.AV_PIX_FMT_YUV420P, data.asBuffer());
                } catch (FrameRecorder.Exception e) {
                    throw new IOException("cannot write frame " + n + " to " + videoOut + ": " + e.getMessage(), e);
                }
                writeJsonl(jsonl, faces);
                written.increment();
                n++;
            }
        } finally {
            if (recorder != null) {
                recorder.close();
            }
            if (overlay != null) {
                overlay.close();
            }
        }
        return n;
    }

    /**
     * The H.264 recorder the annotated video is written with, started. Public so that the
     * benchmark can time this encoding alone with the same settings (docs/bench.md, the ceiling).
     */
    public static FFmpegFrameRecorder openRecorder(Path out, int width, int height, double frameRate)
            throws IOException {
        // H.264 in yuv420p needs even sizes, which colour frames have (ColourFrame)
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toString(), width, height);
        r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        // a GIF or a stream may not state its rate; 25 fps then, one output frame per input frame
        double fps = frameRate > 0 && frameRate < 1000 ? frameRate : 25;
        r.setFrameRate(fps);
        r.setVideoBitrate((int) Math.max(500_000, BITS_PER_PIXEL * width * height * fps));
        try {
            r.start();
        } catch (FrameRecorder.Exception e) {
            r.close();
            throw new IOException("cannot write video " + out + ": " + e.getMessage()
                    + " (use a .mp4, .mkv or .mov file name)", e);
        }
        return r;
    }

    private static List<KeypointsCollector.Received> confident(List<KeypointsCollector.Received> faces, double min) {
        return min <= 0 ? faces : faces.stream().filter(r -> r.record().confidentAtLeast(min)).toList();
    }

    private static void writeJsonl(OutputStream out, List<KeypointsCollector.Received> faces) throws IOException {
        for (KeypointsCollector.Received r : faces) {
            out.write(r.json());
            out.write('\n');
        }
    }

    private static Path createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return file;
    }
}
