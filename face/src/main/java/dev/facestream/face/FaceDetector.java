package dev.facestream.face;

import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds faces in a frame. Not thread-safe (OpenCV's detectors keep per-call state): use one
 * instance per thread. Close it to free the native detector.
 *
 * <p>YuNet model: {@code face_detection_yunet.onnx} from the OpenCV model zoo
 * (github.com/opencv/opencv_zoo, models/face_detection_yunet, MIT licence), bundled in this jar.
 * Fallback: {@code haarcascade_frontalface_alt.xml} from the {@code org.bytedeco:opencv} jar,
 * used when YuNet cannot be loaded or when {@link Kind#HAAR} is asked for.
 *
 * <p><b>Detection width.</b> Detection time grows with the pixel count (figures per width:
 * docs/stream-figures.md, "Where the time goes"), while a face big enough for useful keypoints is
 * found just as well at low resolution. Images wider than {@code detectWidth} (default
 * {@value #DEFAULT_DETECT_WIDTH}) are shrunk with area averaging for detection only and the boxes
 * scaled back. Because this lives here, the trainer's boxes, {@code detect} on stills and the
 * producer's live boxes are found the same way (box sizes differ by a few per cent between
 * detection scales, which would otherwise shift the crop framing between training and serving).
 * The cost: faces narrower than about 10 px at detection size are missed. 0 = full resolution.
 */
public final class FaceDetector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaceDetector.class);
    private static final String YUNET_RESOURCE = "face_detection_yunet.onnx";
    private static final String HAAR_RESOURCE =
            "/org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/haarcascade_frontalface_alt.xml";

    /** Which detector runs. */
    public enum Kind { YUNET, HAAR }

    /** Default detection width, see the class comment. */
    public static final int DEFAULT_DETECT_WIDTH = 320;

    private final Kind kind;
    private final float scoreThreshold;
    private int detectWidth = DEFAULT_DETECT_WIDTH;
    private FaceDetectorYN yunet;
    private CascadeClassifier haar;
    private Size inputSize = new Size(0, 0);

    private FaceDetector(Kind kind, float scoreThreshold) {
        this.kind = kind;
        this.scoreThreshold = scoreThreshold;
    }

    /** YuNet with the default score threshold (0.6), Haar if YuNet fails to load. */
    public static FaceDetector create() {
        return create(Kind.YUNET, 0.6f);
    }

    public static FaceDetector create(Kind kind, float scoreThreshold) {
        Loader.load(opencv_core.class);
        if (kind == Kind.YUNET) {
            try {
                FaceDetector d = new FaceDetector(Kind.YUNET, scoreThreshold);
                byte[] model = readResource(FaceDetector.class, YUNET_RESOURCE);
                d.yunet = FaceDetectorYN.create("onnx", model, new byte[0], new Size(320, 320),
                        scoreThreshold, 0.3f, 5000, 0, 0);
                return d;
            } catch (RuntimeException e) {
                LOG.warn("YuNet face detector could not be loaded ({}); falling back to the Haar cascade", e.toString());
            }
        }
        FaceDetector d = new FaceDetector(Kind.HAAR, scoreThreshold);
        try {
            Path xml = Files.createTempFile("facestream-haar", ".xml");
            xml.toFile().deleteOnExit();
            Files.write(xml, readResource(FaceDetector.class, HAAR_RESOURCE));
            d.haar = new CascadeClassifier(xml.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the Haar cascade from the OpenCV jar", e);
        }
        return d;
    }

    public Kind kind() {
        return kind;
    }

    /** Sets the detection width (0: full resolution); returns this detector. */
    public FaceDetector withDetectWidth(int width) {
        if (width < 0) {
            throw new IllegalArgumentException("detection width must be 0 (full resolution) or positive, got " + width);
        }
        this.detectWidth = width;
        return this;
    }

    /** Identifies how boxes are found (kind, threshold, width), e.g. for caches of boxes. */
    public String configuration() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "-t" + scoreThreshold + "-w" + detectWidth;
    }

    /** Faces in a grayscale image (in its pixels), highest score first. */
    public List<FaceBox> detect(GrayImage image) {
        if (detectWidth == 0 || image.width() <= detectWidth) {
            return detectAtFullSize(image);
        }
        int h = Math.max(1, Math.round(image.height() * (float) detectWidth / image.width()));
        List<FaceBox> small = detectAtFullSize(shrink(image, detectWidth, h));
        float sx = image.width() / (float) detectWidth;
        float sy = image.height() / (float) h;
        List<FaceBox> faces = new ArrayList<>(small.size());
        for (FaceBox b : small) {
            faces.add(new FaceBox(b.x() * sx, b.y() * sy, b.width() * sx, b.height() * sy, b.score()));
        }
        return faces;
    }

    private static GrayImage shrink(GrayImage image, int w, int h) {
        byte[] px = new byte[w * h];
        try (Mat src = new Mat(image.height(), image.width(), opencv_core.CV_8UC1);
             BytePointer in = src.data();
             Mat dst = new Mat();
             Size size = new Size(w, h)) {
            in.put(image.pixels());
            // area averaging: the right filter for shrinking (no aliasing, unlike nearest or linear)
            opencv_imgproc.resize(src, dst, size, 0, 0, opencv_imgproc.INTER_AREA);
            try (BytePointer out = dst.data()) {
                out.get(px);
            }
        }
        return new GrayImage(w, h, px);
    }

    private List<FaceBox> detectAtFullSize(GrayImage image) {
        try (Mat gray = new Mat(image.height(), image.width(), opencv_core.CV_8UC1);
             BytePointer data = gray.data()) {
            data.put(image.pixels());
            if (kind == Kind.HAAR) {
                return detectHaar(gray);
            }
            try (Mat bgr = new Mat()) {
                opencv_imgproc.cvtColor(gray, bgr, opencv_imgproc.COLOR_GRAY2BGR);
                return detectYunet(bgr);
            }
        }
    }

    private List<FaceBox> detectYunet(Mat bgr) {
        if (inputSize.width() != bgr.cols() || inputSize.height() != bgr.rows()) {
            inputSize.close();
            inputSize = new Size(bgr.cols(), bgr.rows());
            yunet.setInputSize(inputSize);
        }
        List<FaceBox> out = new ArrayList<>();
        try (Mat faces = new Mat()) {
            yunet.detect(bgr, faces);
            if (faces.rows() > 0) {
                try (FloatIndexer idx = faces.createIndexer()) {
                    for (int i = 0; i < faces.rows(); i++) {
                        float score = idx.get(i, 14);
                        if (score >= scoreThreshold) {
                            out.add(new FaceBox(idx.get(i, 0), idx.get(i, 1), idx.get(i, 2), idx.get(i, 3), score));
                        }
                    }
                }
            }
        }
        out.sort(Comparator.comparing(FaceBox::score).reversed());
        return out;
    }

    private List<FaceBox> detectHaar(Mat gray) {
        List<FaceBox> out = new ArrayList<>();
        try (RectVector rects = new RectVector()) {
            haar.detectMultiScale(gray, rects, 1.1, 3, 0, new Size(24, 24), new Size());
            for (long i = 0; i < rects.size(); i++) {
                Rect r = rects.get(i);
                out.add(new FaceBox(r.x(), r.y(), r.width(), r.height(), 1.0f));
            }
        }
        out.sort(Comparator.comparing(FaceBox::area).reversed());
        return out;
    }

    private static byte[] readResource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }

    @Override
    public void close() {
        if (yunet != null) {
            yunet.close();
        }
        if (haar != null) {
            haar.close();
        }
        inputSize.close();
    }
}
