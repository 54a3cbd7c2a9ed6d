package dev.facestream.core.face;

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
 */
public final class FaceDetector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaceDetector.class);
    private static final String YUNET_RESOURCE = "face_detection_yunet.onnx";
    private static final String HAAR_RESOURCE =
            "/org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/haarcascade_frontalface_alt.xml";

    /** Which detector runs. */
    public enum Kind { YUNET, HAAR }

    private final Kind kind;
    private final float scoreThreshold;
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

    /** Faces in a grayscale image, highest score first. */
    public List<FaceBox> detect(GrayImage image) {
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

    /** Faces in an 8-bit BGR frame (as JavaCV grabbers deliver it), highest score first. */
    public List<FaceBox> detectBgr(Mat bgr) {
        if (kind == Kind.HAAR) {
            try (Mat gray = new Mat()) {
                opencv_imgproc.cvtColor(bgr, gray, opencv_imgproc.COLOR_BGR2GRAY);
                return detectHaar(gray);
            }
        }
        return detectYunet(bgr);
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
