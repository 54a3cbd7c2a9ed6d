package dev.facestream.producer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Opens the source a user names: a camera index, a folder of images, or a video file/URL. */
public final class FrameSources {
    private FrameSources() {
    }

    /**
     * {@code 0}, {@code 1}, ... open a camera; an existing folder is read as images in name
     * order; anything else goes to FFmpeg (a file path, {@code rtsp://}, {@code http://}, ...).
     */
    public static FrameSource open(String spec) throws IOException {
        return open(spec, false);
    }

    /**
     * {@link #open(String)}, and with {@code colourView} every frame also carries its colour
     * picture ({@link CapturedFrame#colour()}) for a viewer; the gray image, and so every crop, is
     * the same either way.
     */
    public static FrameSource open(String spec, boolean colourView) throws IOException {
        if (isCameraIndex(spec)) {
            return CameraSource.open(Integer.parseInt(spec), Duration.ofSeconds(1), colourView);
        }
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) {
            return ImageFolderSource.open(path, colourView);
        }
        return VideoSource.open(spec, null, colourView);
    }

    /**
     * A video file or URL that also hands every frame it decodes to {@code colour} (what the
     * annotated output of {@code process} writes), in colour, before the producer sees it.
     */
    public static FrameSource openVideo(String spec, ColourFrame.Sink colour) throws IOException {
        if (isCameraIndex(spec) || Files.isDirectory(Path.of(spec))) {
            throw new IOException(spec + ": colour frames come only from a video file or URL, not a camera or folder");
        }
        return VideoSource.open(spec, colour, false);
    }

    /** Whether a source names a camera by its index ({@code 0}, {@code 1}, ...). */
    public static boolean isCameraIndex(String spec) {
        return spec.matches("\\d{1,3}");
    }

    /** Whether a source is a URL ({@code rtsp://...}, {@code http://...}) rather than a path. */
    public static boolean isUrl(String spec) {
        return spec.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    }

    /** A stream id derived from the source name: the file name without extension, or {@code camN}. */
    public static String defaultStreamId(String spec) {
        if (isCameraIndex(spec)) {
            return "cam" + spec;
        }
        String s = spec.replaceAll("[/\\\\]+$", "");
        String name = s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        name = dot > 0 ? name.substring(0, dot) : name;
        return name.isEmpty() ? "stream" : name;
    }
}
