package dev.facestream.stream;

import dev.facestream.core.wire.KeypointsRecord;
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
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Writes the outputs of a finite run as its keypoints arrive: the input video again, every
 * frame, with that frame's keypoints drawn ({@link KeypointsOverlay}; frames without faces are
 * written plain), and a JSONL file with one detector record per face per frame, in frame order.
 *
 * <p>The video is decoded a second time here, in colour, rather than kept from the producer
 * (which decodes gray): holding frames until their keypoints arrive would cost memory in
 * proportion to the pipeline's latency, a second decode costs about a millisecond a frame.
 * FFmpeg numbers frames identically in both decoders, which is what joins them.
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
     * @param input      the source as given to the producer (must be a video file: it is read again)
     * @param videoOut   annotated video to write, or null
     * @param jsonlOut   JSONL to write, or null
     * @param ledger     where keypoints wait for their frame
     * @param written    counts written frames
     */
    public static long write(String input, Path videoOut, Path jsonlOut, KeypointsByFrame ledger, Counter written)
            throws IOException, InterruptedException {
        try (OutputStream jsonl = jsonlOut == null ? OutputStream.nullOutputStream()
                : new BufferedOutputStream(Files.newOutputStream(createParent(jsonlOut)), 1 << 16)) {
            if (videoOut == null) {
                // no video to walk: walk the producer's frame numbers until it says how many it
                // read (await returns at once for frames past the end, once the producer is done)
                for (long n = 0; ; n++) {
                    List<KeypointsCollector.Received> faces = ledger.await(n);
                    long total = ledger.framesRead();
                    if (total >= 0 && n >= total) {
                        return n;
                    }
                    writeJsonl(jsonl, faces);
                    written.increment();
                }
            }
            return writeVideo(input, createParent(videoOut), jsonl, ledger, written);
        }
    }

    private static long writeVideo(String input, Path videoOut, OutputStream jsonl, KeypointsByFrame ledger,
            Counter written) throws IOException, InterruptedException {
        long n = 0;
        FFmpegFrameRecorder recorder = null;
        // FrameGrabber.Exception and FrameRecorder.Exception are IOExceptions: say which file failed
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            try {
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                throw new IOException("cannot open video " + input + " for the annotated output: " + e.getMessage(), e);
            }
            try {
                Frame f;
                // a run stopped early ends its video after the producer's last frame, rather than
                // making Ctrl-C wait for the rest of the file to be copied
                while (!ledger.pastEnd(n) && (f = grab(grabber, input, n)) != null) {
                    if (recorder == null) {
                        recorder = openRecorder(videoOut, f.imageWidth, f.imageHeight, grabber.getFrameRate());
                    }
                    List<KeypointsCollector.Received> faces = ledger.await(n);
                    if (!faces.isEmpty()) {
                        Mat bgr = converter.convert(f);
                        List<KeypointsRecord> records = new ArrayList<>(faces.size());
                        faces.forEach(r -> records.add(r.record()));
                        KeypointsOverlay.draw(bgr, records);
                        f = converter.convert(bgr);
                    }
                    try {
                        recorder.record(f);
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
            }
            return n;
        }
    }

    private static Frame grab(FFmpegFrameGrabber grabber, String input, long n) throws IOException {
        try {
            return grabber.grabImage();
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot decode frame " + n + " of " + input + ": " + e.getMessage(), e);
        }
    }

    private static FFmpegFrameRecorder openRecorder(Path out, int width, int height, double frameRate)
            throws IOException {
        // H.264 in yuv420p needs even sizes; the recorder scales the odd pixel away
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toString(), width & ~1, height & ~1);
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
