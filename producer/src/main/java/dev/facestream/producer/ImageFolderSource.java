package dev.facestream.producer;

import dev.facestream.core.crop.GrayImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/** The images of a folder (JPEG, PNG, BMP, WebP, TIFF) in file-name order, one frame each. */
final class ImageFolderSource implements FrameSource {
    /** Images have no time of their own: they are paced as a {@value} fps video. */
    static final double FPS = 1.0;
    private final Path dir;
    private final Iterator<Path> files;
    private final boolean colourView;
    private long number;

    private ImageFolderSource(Path dir, List<Path> files, boolean colourView) {
        this.dir = dir;
        this.files = files.iterator();
        this.colourView = colourView;
    }

    static ImageFolderSource open(Path dir) throws IOException {
        return open(dir, false);
    }

    /** {@link #open(Path)}; with {@code colourView} each frame carries its colour picture too. */
    static ImageFolderSource open(Path dir, boolean colourView) throws IOException {
        List<Path> images;
        try (Stream<Path> s = Files.list(dir)) {
            images = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)
                    .matches(".*\\.(jpe?g|png|bmp|webp|tiff?)$")).sorted().toList();
        }
        if (images.isEmpty()) {
            throw new IOException("folder " + dir + " contains no images (.jpg, .png, .bmp, .webp, .tif)");
        }
        return new ImageFolderSource(dir, images, colourView);
    }

    @Override
    public CapturedFrame next() throws IOException {
        if (!files.hasNext()) {
            return null;
        }
        Path file = files.next();
        try (Mat gray = opencv_imgcodecs.imread(file.toString(), opencv_imgcodecs.IMREAD_GRAYSCALE)) {
            if (gray == null || gray.empty()) {
                throw new IOException("cannot read image " + file + " (not an image, or a format OpenCV cannot decode)");
            }
            byte[] px = new byte[gray.rows() * gray.cols()];
            try (BytePointer data = gray.data()) {
                data.get(px);
            }
            long n = number++;
            return new CapturedFrame(n, (long) (n * 1_000_000L / FPS), FrameSource.nowMicros(),
                    new GrayImage(gray.cols(), gray.rows(), px), colourView ? colour(file, n) : null);
        }
    }

    /**
     * The image in colour, decoded a second time: OpenCV's gray decoding of a JPEG is not quite
     * its colour decoding converted to gray, and the crops must not depend on whether anyone
     * watches (images come at {@value #FPS} fps, so the second decoding costs next to nothing).
     */
    private static ColourFrame colour(Path file, long n) throws IOException {
        try (Mat bgr = opencv_imgcodecs.imread(file.toString(), opencv_imgcodecs.IMREAD_COLOR)) {
            if (bgr == null || bgr.empty() || bgr.cols() < 2 || bgr.rows() < 2) {
                throw new IOException("cannot read image " + file + " in colour");
            }
            return ColourFrame.fromBgr(n, bgr, FPS);
        }
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public String describe() {
        return "images in " + dir;
    }

    @Override
    public void close() {
    }
}
