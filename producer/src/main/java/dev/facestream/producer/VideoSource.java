package dev.facestream.producer;

import dev.facestream.core.crop.GrayImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** A video file, an animated GIF, or a network stream (RTSP, HTTP, ...) decoded by FFmpeg. */
final class VideoSource implements FrameSource {
    private final FFmpegFrameGrabber grabber;
    private final String spec;
    private final boolean live;
    private long number;

    private VideoSource(FFmpegFrameGrabber grabber, String spec, boolean live) {
        this.grabber = grabber;
        this.spec = spec;
        this.live = live;
    }

    static {
        // FFmpeg prints stream banners and option notes at info level; only errors matter here
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    static VideoSource open(String spec) throws IOException {
        String lower = spec.toLowerCase(Locale.ROOT);
        boolean network = lower.matches("^[a-z][a-z0-9+.-]*://.*");
        if (!network && !Files.isRegularFile(Path.of(spec))) {
            throw new IOException("video source " + spec + ": no such file (expected a camera index, a folder of"
                    + " images, a video file or a URL)");
        }
        // network streams deliver frames in real time themselves; http(s) may be a file, but
        // pacing it too would only add delay to something already paced by the network
        boolean live = lower.startsWith("rtsp://") || lower.startsWith("rtmp://") || lower.startsWith("udp://")
                || lower.startsWith("srt://") || lower.startsWith("tcp://");
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(spec);
        // FFmpeg converts to gray itself: the producer never needs colour, and it saves a copy
        g.setPixelFormat(avutil.AV_PIX_FMT_GRAY8);
        if (lower.startsWith("rtsp://")) {
            g.setOption("rtsp_transport", "tcp");
            g.setOption("timeout", "5000000");
        }
        try {
            g.start();
        } catch (FrameGrabber.Exception e) {
            try {
                g.release();
            } catch (FrameGrabber.Exception ignored) {
                // already failing; the open error is the one worth reporting
            }
            throw new IOException("cannot open video " + spec + ": " + e.getMessage(), e);
        }
        return new VideoSource(g, spec, live);
    }

    @Override
    public CapturedFrame next() throws IOException {
        try {
            Frame f = grabber.grabImage();
            if (f == null) {
                return null;
            }
            GrayImage image = toGray(f);
            return new CapturedFrame(number++, Math.max(0, grabber.getTimestamp()), FrameSource.nowMicros(), image);
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot decode frame " + number + " of " + spec + ": " + e.getMessage(), e);
        }
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
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot close " + spec + ": " + e.getMessage(), e);
        }
    }
}
