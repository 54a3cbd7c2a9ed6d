package dev.facestream.producer;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.face.FaceDetector;
import dev.facestream.core.wire.FaceCropRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Frame -> one {@link FaceCropRecord} per face: detect, track, crop with the shared crop rule.
 * Owns a {@link FaceDetector}, so it is not thread-safe: one per processing thread. Detection runs
 * at the detector's detection width (see {@link FaceDetector}); crops are cut from the
 * full-resolution frame.
 */
public final class FaceCropper implements AutoCloseable {
    private final FaceDetector detector;
    private final FaceTracker tracker = new FaceTracker();
    private final String streamId;

    /** A cropper detecting at {@link FaceDetector#DEFAULT_DETECT_WIDTH}. */
    public FaceCropper(String streamId, FaceDetector detector) {
        this(streamId, detector, FaceDetector.DEFAULT_DETECT_WIDTH);
    }

    /** @param detectWidth shrink wider frames to this width for face detection; 0: full resolution */
    public FaceCropper(String streamId, FaceDetector detector, int detectWidth) {
        if (detectWidth < 0) {
            throw new IllegalArgumentException("detection width must be 0 (full resolution) or positive, got "
                    + detectWidth);
        }
        this.streamId = streamId;
        this.detector = detector.withDetectWidth(detectWidth);
    }

    public List<FaceCropRecord> crops(CapturedFrame frame) {
        List<FaceBox> faces = detector.detect(frame.image());
        long[] tracks = tracker.assign(faces);
        List<FaceCropRecord> out = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            CropTransform t = CropRule.forBox(faces.get(i));
            out.add(new FaceCropRecord(streamId, frame.number(), frame.capturedAtMicros(), i, tracks[i], faces.get(i), t,
                    frame.image().width(), frame.image().height(), CropRule.crop(frame.image(), t)));
        }
        return out;
    }

    @Override
    public void close() {
        detector.close();
    }
}
