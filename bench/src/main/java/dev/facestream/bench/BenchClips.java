package dev.facestream.bench;

import dev.facestream.core.crop.GrayImage;
import dev.facestream.face.FaceDetector;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.producer.CapturedFrame;
import dev.facestream.producer.FaceCropper;
import dev.facestream.producer.FrameSource;
import dev.facestream.producer.FrameSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/** The benchmark's inputs: the sample video, a camera-like copy of it, its frames and face crops. */
final class BenchClips {
    /** The shared sample with one face talking to a webcam (not shipped: see ../shared/samples/README.md). */
    static final String WEBCAM_SAMPLE = "webcam-talking-854x480.mp4";

    static {
        // FFmpeg prints stream banners and encoder notes at info level; only errors matter here
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private BenchClips() {
    }

    /**
     * The webcam sample beside the repository ({@code ../shared/samples}, or the folder the
     * system property {@code facestream.shared} names), or null when it is not there.
     */
    static Path sharedWebcamSample() {
        Path p = Path.of(System.getProperty("facestream.shared", "../shared"), "samples", WEBCAM_SAMPLE);
        return Files.isRegularFile(p) ? p : null;
    }

    /**
     * Makes {@code input} into what a webcam would deliver: {@code width x height} at {@code fps},
     * scaled to cover the size and centre-cropped (an 854x480 clip loses 107 px on each side and
     * is not scaled at all for 640x480), frames repeated or skipped by their timestamps to reach
     * the frame rate. H.264, written to {@code out}. Not timed: preparation only.
     *
     * <p>The source is played {@code repeats} times over into the one video (1 for the clip itself;
     * more for a longer video).
     *
     * @return frames written
     */
    static long cameraLike(Path input, int width, int height, double fps, int repeats, Path out) throws IOException {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toString(), width, height);
        r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(fps);
        // generous, so that the copy is as clean as the original: 0.2 bits per pixel and frame
        r.setVideoBitrate((int) (0.2 * width * height * fps));
        r.start();
        try {
            long written = 0;
            for (int pass = 0; pass < repeats; pass++) {
                written += appendCameraLike(input, width, height, fps, r);
            }
            if (written == 0) {
                throw new IOException(input + " has no frames");
            }
            return written;
        } finally {
            r.close();
        }
    }

    /** One pass of {@code input} through {@link #cover} and the frame-rate mapping into {@code r}. */
    private static long appendCameraLike(Path input, int width, int height, double fps, FFmpegFrameRecorder r)
            throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(input.toString());
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            g.start();
            double inFps = g.getFrameRate() > 0 && g.getFrameRate() < 1000 ? g.getFrameRate() : 25;
            Mat current = null;
            long currentTs = 0;
            Mat next = cover(converter, g.grabImage(), width, height);
            long nextTs = Math.max(0, g.getTimestamp());
            long written = 0;
            for (long k = 0; ; k++) {
                long t = Math.round(k * 1e6 / fps);
                while (next != null && (current == null || nextTs <= t)) {
                    if (current != null) {
                        current.close();
                    }
                    current = next;
                    currentTs = nextTs;
                    next = cover(converter, g.grabImage(), width, height);
                    nextTs = Math.max(0, g.getTimestamp());
                }
                if (current == null || (next == null && t >= currentTs + 1e6 / inFps)) {
                    break;
                }
                r.record(converter.convert(current));
                written++;
            }
            if (current != null) {
                current.close();
            }
            return written;
        }
    }

    /** {@code f} scaled to cover {@code w x h} and centre-cropped to it, as a Mat of its own; null for null. */
    private static Mat cover(OpenCVFrameConverter.ToMat converter, Frame f, int w, int h) {
        if (f == null) {
            return null;
        }
        Mat src = converter.convert(f);
        double scale = Math.max(w / (double) src.cols(), h / (double) src.rows());
        int sw = Math.max(w, (int) Math.round(src.cols() * scale));
        int sh = Math.max(h, (int) Math.round(src.rows() * scale));
        try (Mat scaled = new Mat(); Size size = new Size(sw, sh);
             Rect roi = new Rect((sw - w) / 2, (sh - h) / 2, w, h)) {
            if (sw == src.cols() && sh == src.rows()) {
                src.copyTo(scaled);
            } else {
                opencv_imgproc.resize(src, scaled, size, 0, 0, scale < 1 ? opencv_imgproc.INTER_AREA
                        : opencv_imgproc.INTER_LINEAR);
            }
            try (Mat view = new Mat(scaled, roi)) {
                return view.clone();
            }
        }
    }

    /** The first {@code max} frames of {@code video} in gray, as the producer reads them. */
    static List<GrayImage> grayFrames(Path video, int max) throws IOException {
        List<GrayImage> frames = new ArrayList<>();
        try (FrameSource s = FrameSources.open(video.toString())) {
            CapturedFrame f;
            while (frames.size() < max && (f = s.next()) != null) {
                frames.add(f.image());
            }
        }
        return frames;
    }

    /** Up to {@code max} real face crops from {@code video}, cut as the producer cuts them. */
    static List<FaceCropRecord> crops(Path video, int max) throws IOException {
        List<FaceCropRecord> crops = new ArrayList<>();
        try (FrameSource s = FrameSources.open(video.toString());
             FaceCropper cropper = new FaceCropper("bench", FaceDetector.create())) {
            CapturedFrame f;
            while (crops.size() < max && (f = s.next()) != null) {
                crops.addAll(cropper.crops(f));
            }
        }
        if (crops.isEmpty()) {
            throw new IOException("no face found in " + video + ": the benchmark needs a video with a face");
        }
        return crops.size() > max ? crops.subList(0, max) : crops;
    }

    /** The frame rate FFmpeg states for {@code video} (25 when it states none). */
    static double frameRate(Path video) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toString())) {
            g.start();
            double r = g.getFrameRate();
            return r > 0 && r < 1000 ? r : 25;
        }
    }
}
