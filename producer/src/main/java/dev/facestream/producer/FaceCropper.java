package dev.facestream.producer;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.face.FaceDetector;
import dev.facestream.core.wire.FaceCropRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Frame -> one {@link FaceCropRecord} per face: detect, track, crop with the shared crop rule.
 * Owns a {@link FaceDetector}, so it is not thread-safe: one per processing thread. Detection runs
 * at the detector's detection width (see {@link FaceDetector}); crops are cut from the
 * full-resolution frame.
 *
 * <p><b>Detecting every n-th frame.</b> With {@code detectEvery} n > 1 the face detector runs on
 * every n-th frame only, as video analytics pipelines commonly do to save time (DeepStream's
 * {@code interval}); the frames in between are cut at the boxes last detected, so each frame
 * still gets its own crops and keypoints from its own pixels, but a face that moves is framed a
 * little off centre until the next detection, and a face that appears is found at the next one.
 * The face detector is the producer's largest cost. The keypoints of the frames in between move
 * against detecting every frame: little for a talking head at 30 fps, more for a head turning
 * fast in a 12 fps clip (figures: docs/bench.md, "Result", the {@code --detect-every} table).
 * Frames of different sizes (a folder of images) are always detected.
 */
public final class FaceCropper implements AutoCloseable {
    private final FaceDetector detector;
    private final FaceTracker tracker = new FaceTracker();
    private final String streamId;
    private final int detectEvery;
    /** The last detection, its frame size, and frames since: reused for the frames in between. */
    private List<FaceBox> detected;
    private int detectedWidth;
    private int detectedHeight;
    private int sinceDetection;
    private boolean reusedFaces;

    /** A cropper detecting at {@link FaceDetector#DEFAULT_DETECT_WIDTH}. */
    public FaceCropper(String streamId, FaceDetector detector) {
        this(streamId, detector, FaceDetector.DEFAULT_DETECT_WIDTH);
    }

    /** @param detectWidth shrink wider frames to this width for face detection; 0: full resolution */
    public FaceCropper(String streamId, FaceDetector detector, int detectWidth) {
        this(streamId, detector, detectWidth, 1);
    }

    /**
     * @param detectWidth shrink wider frames to this width for face detection; 0: full resolution
     * @param detectEvery run the face detector on every n-th frame (1: every frame), see the class comment
     */
    public FaceCropper(String streamId, FaceDetector detector, int detectWidth, int detectEvery) {
        if (detectWidth < 0) {
            throw new IllegalArgumentException("detection width must be 0 (full resolution) or positive, got "
                    + detectWidth);
        }
        if (detectEvery < 1) {
            throw new IllegalArgumentException("faces are detected every n-th frame, n >= 1, got " + detectEvery);
        }
        this.streamId = streamId;
        this.detector = detector.withDetectWidth(detectWidth);
        this.detectEvery = detectEvery;
    }

    public List<FaceCropRecord> crops(CapturedFrame frame) {
        return crops(frame, false);
    }

    /**
     * {@link #crops(CapturedFrame)}, cut at the last detection's boxes without running the face
     * detector when {@code reuseFaces} and there is one for a frame of this size: what a live
     * producer that has fallen behind its source does to catch up (see {@link FaceCropProducer}).
     *
     * @return the crops; {@link #reusedFaces()} then says whether the detector was skipped
     */
    public List<FaceCropRecord> crops(CapturedFrame frame, boolean reuseFaces) {
        List<FaceBox> faces = reuseFaces && sameSizeAsDetected(frame) ? reused() : faces(frame);
        long[] tracks = tracker.assign(faces);
        List<FaceCropRecord> out = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            CropTransform t = CropRule.forBox(faces.get(i));
            out.add(new FaceCropRecord(streamId, frame.number(), frame.capturedAtMicros(), i, tracks[i], faces.get(i), t,
                    frame.image().width(), frame.image().height(), CropRule.crop(frame.image(), t)));
        }
        return out;
    }

    /** Whether the last {@link #crops} call cut at earlier boxes rather than detecting. */
    public boolean reusedFaces() {
        return reusedFaces;
    }

    private boolean sameSizeAsDetected(CapturedFrame frame) {
        return detected != null && frame.image().width() == detectedWidth && frame.image().height() == detectedHeight;
    }

    private List<FaceBox> reused() {
        sinceDetection++;
        reusedFaces = true;
        return detected;
    }

    /** The frame's faces: detected, or the last detection's while it is not the n-th frame. */
    private List<FaceBox> faces(CapturedFrame frame) {
        int w = frame.image().width();
        int h = frame.image().height();
        if (detected != null && ++sinceDetection < detectEvery && w == detectedWidth && h == detectedHeight) {
            reusedFaces = true;
            return detected;
        }
        reusedFaces = false;
        detected = detector.detect(frame.image());
        detectedWidth = w;
        detectedHeight = h;
        sinceDetection = 0;
        return detected;
    }

    @Override
    public void close() {
        detector.close();
    }
}
