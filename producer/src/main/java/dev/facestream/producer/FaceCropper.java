package dev.facestream.producer;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.face.FaceDetector;
import dev.facestream.core.wire.FaceCropRecord;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Frame -> one {@link FaceCropRecord} per face: detect, track, crop with the shared crop rule.
 * Owns a {@link FaceDetector}, so it is not thread-safe: one per processing thread.
 *
 * <p><b>Detection width.</b> Face detection is most of the producer's time and grows with the
 * pixel count (YuNet on two cores: about 25 ms for an 854x480 frame, 3.5 ms at 320x180), while a
 * face big enough for useful keypoints is found just as well at low resolution. Frames wider than
 * {@code detectWidth} are therefore shrunk (area averaging) for detection only; the boxes are
 * scaled back and the crops are cut from the full-resolution frame. The cost: faces narrower than
 * about 10 px at detection size (30 px in a 960-wide frame at the default) are missed, and box
 * sizes differ by a few per cent from full-resolution detection. {@code detectWidth} 0 detects at
 * full resolution.
 */
public final class FaceCropper implements AutoCloseable {
    /** Default detection width, see the class comment. */
    public static final int DEFAULT_DETECT_WIDTH = 320;

    private final FaceDetector detector;
    private final FaceTracker tracker = new FaceTracker();
    private final String streamId;
    private final int detectWidth;

    /** A cropper detecting at {@link #DEFAULT_DETECT_WIDTH}. */
    public FaceCropper(String streamId, FaceDetector detector) {
        this(streamId, detector, DEFAULT_DETECT_WIDTH);
    }

    /** @param detectWidth shrink wider frames to this width for face detection; 0: full resolution */
    public FaceCropper(String streamId, FaceDetector detector, int detectWidth) {
        if (detectWidth < 0) {
            throw new IllegalArgumentException("detection width must be 0 (full resolution) or positive, got "
                    + detectWidth);
        }
        this.streamId = streamId;
        this.detector = detector;
        this.detectWidth = detectWidth;
    }

    public List<FaceCropRecord> crops(CapturedFrame frame) {
        List<FaceBox> faces = detect(frame.image());
        long[] tracks = tracker.assign(faces);
        List<FaceCropRecord> out = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            CropTransform t = CropRule.forBox(faces.get(i));
            out.add(new FaceCropRecord(streamId, frame.number(), frame.capturedAtMicros(), i, tracks[i], faces.get(i), t,
                    frame.image().width(), frame.image().height(), CropRule.crop(frame.image(), t)));
        }
        return out;
    }

    /** Faces in full-resolution coordinates, found at the detection width. */
    private List<FaceBox> detect(GrayImage image) {
        if (detectWidth == 0 || image.width() <= detectWidth) {
            return detector.detect(image);
        }
        int h = Math.max(1, Math.round(image.height() * (float) detectWidth / image.width()));
        List<FaceBox> small = detector.detect(shrink(image, detectWidth, h));
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

    @Override
    public void close() {
        detector.close();
    }
}
