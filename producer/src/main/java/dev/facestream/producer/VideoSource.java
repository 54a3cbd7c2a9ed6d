package dev.facestream.producer;

import dev.facestream.core.crop.GrayImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/** A video file, an animated GIF, or a network stream (RTSP, HTTP, ...) decoded by FFmpeg. */
final class VideoSource implements FrameSource {
    private final FFmpegFrameGrabber grabber;
    private final String spec;
    private final boolean live;
    private final ColourFrame.Sink colour;
    /** Whether each frame carries its colour picture for a viewer ({@link CapturedFrame#colour()}). */
    private final boolean colourView;
    /** The gray image of the current frame when decoding in colour; reused (one reader thread). */
    private final Mat gray = new Mat();
    private long number;
    /** Whether the source is a file, whose end can be checked against its container's duration. */
    private final boolean file;
    /** FFmpeg's message count when this source opened (see {@link FfmpegMessages}). */
    private final long messagesMark;
    private long lastTimestamp = -1;

    private VideoSource(FFmpegFrameGrabber grabber, String spec, boolean live, ColourFrame.Sink colour,
            boolean colourView, boolean file, long messagesMark) {
        this.grabber = grabber;
        this.spec = spec;
        this.live = live;
        this.colour = colour;
        this.colourView = colourView;
        this.file = file;
        this.messagesMark = messagesMark;
    }

    /** Luma from video range to full range, by table: see {@link #fullRangeLuma}. */
    private static final Mat VIDEO_TO_FULL_RANGE;

    static {
        // FFmpeg prints stream banners and option notes at info level; only errors matter here
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FfmpegMessages.install();
        Loader.load(opencv_core.class);
        VIDEO_TO_FULL_RANGE = videoToFullRange();
    }

    static VideoSource open(String spec) throws IOException {
        return open(spec, null, false);
    }

    /**
     * @param colour     receives every frame in colour as well, or null
     * @param colourView each frame carries its colour picture ({@link CapturedFrame#colour()})
     */
    static VideoSource open(String spec, ColourFrame.Sink colour, boolean colourView) throws IOException {
        String lower = spec.toLowerCase(Locale.ROOT);
        boolean network = FrameSources.isUrl(spec);
        if (!network && !Files.isRegularFile(Path.of(spec))) {
            throw new IOException("video source " + spec + ": no such file (expected a camera index, a folder of"
                    + " images, a video file or a URL)");
        }
        // network streams deliver frames in real time themselves; http(s) may be a file, but
        // pacing it too would only add delay to something already paced by the network
        boolean live = lower.startsWith("rtsp://") || lower.startsWith("rtmp://") || lower.startsWith("udp://")
                || lower.startsWith("srt://") || lower.startsWith("tcp://");
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(spec);
        // FFmpeg converts to gray itself when only the producer reads the frames. For colour it
        // delivers I420, whose first plane, stretched to full range, is that same gray image:
        // one decode serves both.
        g.setPixelFormat(colour == null && !colourView ? avutil.AV_PIX_FMT_GRAY8 : avutil.AV_PIX_FMT_YUV420P);
        if (lower.startsWith("rtsp://")) {
            g.setOption("rtsp_transport", "tcp");
            g.setOption("timeout", "5000000");
        }
        long mark = FfmpegMessages.mark();
        try {
            g.start();
        } catch (FrameGrabber.Exception e) {
            try {
                g.release();
            } catch (FrameGrabber.Exception ignored) {
                // already failing; the open error is the one worth reporting
            }
            // JavaCV's message ends in hints meant for its own users ("Has setFormat() been called?")
            String why = String.valueOf(e.getMessage());
            int hints = why.indexOf(" (Has setFormat");
            why = hints > 0 ? why.substring(0, hints) : why;
            List<String> said = FfmpegMessages.since(mark, 3);
            throw new IOException("cannot open video " + spec + ": " + why
                    + (said.isEmpty() ? "" : "; FFmpeg said: " + String.join(" / ", said)), e);
        }
        return new VideoSource(g, spec, live, colour, colourView, !network, mark);
    }

    @Override
    public CapturedFrame next() throws IOException {
        try {
            Frame f = grabber.grabImage();
            if (f == null) {
                checkComplete();
                return null;
            }
            lastTimestamp = grabber.getTimestamp();
            GrayImage image = colour == null && !colourView ? toGray(f) : fullRangeLuma(f);
            if (colour != null) {
                colour.accept(colourFrame(f, colour::buffer));
            }
            // the view's copy is its own (the sink may hand its buffers back for reuse)
            ColourFrame view = colourView ? colourFrame(f, byte[]::new) : null;
            return new CapturedFrame(number++, Math.max(0, grabber.getTimestamp()), FrameSource.nowMicros(), image,
                    view);
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot decode frame " + number + " of " + spec + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            // the producer is stopping while the annotated video's writer is behind (its queue is
            // full): the source ends here
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * At the end of a file: FFmpeg reports a read error as the end of the video, so a file cut
     * short would otherwise look complete. It is damaged when its last frame comes more than
     * {@code max(0.5 s, 3 frames)} before the duration its container declares (a complete file
     * ends within one frame of it; an audio track may run a little longer than the video).
     */
    private void checkComplete() throws DamagedVideoException {
        long duration = grabber.getLengthInTime();
        if (!file || duration <= 0) {
            return;
        }
        double rate = grabber.getFrameRate();
        long slack = Math.max(500_000L, rate > 0 ? (long) (3_000_000 / rate) : 0);
        long reached = Math.max(0, lastTimestamp);
        if (reached + slack >= duration) {
            return;
        }
        List<String> said = FfmpegMessages.since(messagesMark, 3);
        throw new DamagedVideoException(String.format(Locale.ROOT, "video %s is damaged: decoding stopped after"
                + " frame %d at %.2f s of the %.2f s its container declares; FFmpeg said: %s", spec,
                Math.max(0, number - 1), reached / 1e6, duration / 1e6,
                said.isEmpty() ? "nothing (the file just ends)" : String.join(" / ", said)), number);
    }

    /** The frame in colour, from the converted picture's three planes (whose rows may be padded). */
    private ColourFrame colourFrame(Frame f, IntFunction<byte[]> buffers) {
        if (!(f.opaque instanceof AVFrame picture) || picture.format() != avutil.AV_PIX_FMT_YUV420P) {
            throw new IllegalStateException("expected an I420 picture from FFmpeg for frame " + number + " of " + spec);
        }
        int w = f.imageWidth;
        int h = f.imageHeight;
        int ch = (h + 1) / 2;
        return ColourFrame.fromPlanes(number, w, h, grabber.getFrameRate(),
                plane(picture, 0, h), picture.linesize(0), plane(picture, 1, ch), picture.linesize(1),
                plane(picture, 2, ch), picture.linesize(2), buffers);
    }

    private static ByteBuffer plane(AVFrame picture, int i, int rows) {
        return picture.data(i).capacity((long) picture.linesize(i) * rows).asBuffer();
    }

    /**
     * The gray image of an I420 frame: its luma, stretched from video range (16-235) to full
     * range (0-255) as FFmpeg does when it converts to gray itself, so the producer's crops are
     * the same with or without colour frames: bit-identical for a YUV-coded video, within one
     * gray level for an RGB source such as a GIF ({@code FrameSourcesTest}). The stretch runs in
     * OpenCV (a table lookup, vectorised).
     */
    private GrayImage fullRangeLuma(Frame f) {
        int w = f.imageWidth;
        int h = f.imageHeight;
        AVFrame picture = (AVFrame) f.opaque;
        byte[] px = new byte[w * h];
        try (Mat luma = new Mat(h, w, opencv_core.CV_8UC1, picture.data(0), picture.linesize(0))) {
            opencv_core.LUT(luma, VIDEO_TO_FULL_RANGE, gray);
            try (BytePointer out = gray.data()) {
                out.get(px);
            }
        }
        return new GrayImage(w, h, px);
    }

    private static Mat videoToFullRange() {
        Mat lut = new Mat(1, 256, opencv_core.CV_8UC1);
        try (BytePointer p = lut.data()) {
            for (int v = 0; v < 256; v++) {
                p.put(v, (byte) Math.max(0, Math.min(255, Math.round((v - 16) * 255.0 / 219.0))));
            }
        }
        return lut;
    }

    private static GrayImage toGray(Frame f) {
        int w = f.imageWidth;
        int h = f.imageHeight;
        ByteBuffer buf = (ByteBuffer) f.image[0];
        int stride = f.imageStride;
        byte[] px = new byte[w * h];
        for (int y = 0; y < h; y++) {
            buf.position(y * stride);
            buf.get(px, y * w, w);
        }
        buf.rewind();
        return new GrayImage(w, h, px);
    }

    @Override
    public boolean live() {
        return live;
    }

    @Override
    public String describe() {
        return (live ? "stream " : "video ") + spec;
    }

    @Override
    public void close() throws IOException {
        try {
            grabber.stop();
            grabber.release();
            gray.close();
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot close " + spec + ": " + e.getMessage(), e);
        }
    }
}
