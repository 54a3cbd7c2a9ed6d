package dev.facestream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.keypoints.KeypointFlip;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of 96x96 crops in, one {@link CropKeypoints} per crop out (the 15 points in crop pixels).
 * The whole batch is one tensor, so a micro-batch costs one forward pass. A network with a
 * confidence head ({@link KeypointNetwork#V3C}) and a calibration in its metadata gives each face's
 * {@link CropKeypoints#confidence()} ({@link FaceConfidence}); any other gives NaN.
 *
 * <p>With test-time flip, every crop also goes through the network mirrored (in the same forward
 * pass: the batch doubles), the mirrored answer is mirrored back with left/right names swapped
 * ({@link KeypointFlip}), and the two answers are averaged. The network was trained on flipped
 * faces, so both answers are valid guesses whose errors partly cancel. A network trained on mirrored
 * crops labelled {@code mirror(label) + d} (the labels' left/right offset, docs/training.md) answers
 * a mirrored crop with {@code d} added, so {@code d} is taken off before mirroring back: without
 * that the two answers sit about 3 crop pixels apart and their average is worse than either.
 */
public final class KeypointTranslator implements NoBatchifyTranslator<List<GrayImage>, List<CropKeypoints>> {
    private static final int AREA = CropRule.SIZE * CropRule.SIZE;
    private final Preprocessing preprocessing;
    private final boolean testTimeFlip;
    private final int outputsPerFace;
    /** Null when the network has no confidence head or it is not calibrated: confidence NaN. */
    private final FaceConfidence confidence;
    /** The 30 crop-pixel values a mirrored crop's answer carries on top of the mirrored face's, or null. */
    private final float[] mirrorOffset;

    public KeypointTranslator(Preprocessing preprocessing) {
        this(preprocessing, false);
    }

    public KeypointTranslator(Preprocessing preprocessing, boolean testTimeFlip) {
        this(preprocessing, testTimeFlip, Keypoint.COORDINATES);
    }

    /**
     * @param outputsPerFace values per face in the network's output ({@link KeypointNetwork#outputs}); the
     *                       served keypoints are the first 30, anything after them is a training signal
     */
    public KeypointTranslator(Preprocessing preprocessing, boolean testTimeFlip, int outputsPerFace) {
        this(preprocessing, testTimeFlip, outputsPerFace, null);
    }

    /**
     * @param confidence how the network's confidence head becomes each face's confidence, or null
     *                   for none (every answer's confidence is then NaN); needs a network whose
     *                   output has the head ({@link KeypointNetwork#hasConfidenceHead})
     */
    public KeypointTranslator(Preprocessing preprocessing, boolean testTimeFlip, int outputsPerFace,
            FaceConfidence confidence) {
        this(preprocessing, testTimeFlip, outputsPerFace, confidence, null);
    }

    /**
     * @param mirrorOffset with test-time flip, the 30 values (crop pixels) the network was trained to
     *                     add to a mirrored crop's labels ({@link ModelMetadata#mirrorOffset}), taken
     *                     off its answer before it is mirrored back; null for none
     */
    public KeypointTranslator(Preprocessing preprocessing, boolean testTimeFlip, int outputsPerFace,
            FaceConfidence confidence, float[] mirrorOffset) {
        if (mirrorOffset != null && mirrorOffset.length != Keypoint.COORDINATES) {
            throw new IllegalArgumentException("a mirror offset has " + Keypoint.COORDINATES + " values, not "
                    + mirrorOffset.length);
        }
        this.mirrorOffset = mirrorOffset == null ? null : mirrorOffset.clone();
        if (confidence != null && outputsPerFace < KeypointNetwork.outputs(KeypointNetwork.V3C)) {
            throw new IllegalArgumentException("a network with " + outputsPerFace + " outputs per face has no "
                    + "confidence head to calibrate");
        }
        if (outputsPerFace < Keypoint.COORDINATES) {
            throw new IllegalArgumentException("a network with " + outputsPerFace + " outputs per face cannot serve "
                    + Keypoint.COORDINATES + " keypoint coordinates");
        }
        this.preprocessing = preprocessing;
        this.testTimeFlip = testTimeFlip;
        this.outputsPerFace = outputsPerFace;
        this.confidence = confidence;
    }

    public boolean testTimeFlip() {
        return testTimeFlip;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, List<GrayImage> crops) {
        int n = crops.size();
        int copies = testTimeFlip ? 2 : 1;
        float[] data = new float[copies * n * AREA];
        for (int i = 0; i < n; i++) {
            GrayImage c = crops.get(i);
            if (c.width() != CropRule.SIZE || c.height() != CropRule.SIZE) {
                throw new IllegalArgumentException("crop " + i + " is " + c.width() + "x" + c.height()
                        + ", expected " + CropRule.SIZE + "x" + CropRule.SIZE);
            }
            preprocessing.toInput(c, data, i * AREA);
            if (testTimeFlip) {
                mirrorRows(data, i * AREA, (n + i) * AREA);
            }
        }
        NDArray x = ctx.getNDManager().create(data, new Shape(copies * n, 1, CropRule.SIZE, CropRule.SIZE));
        return new NDList(x);
    }

    @Override
    public List<CropKeypoints> processOutput(TranslatorContext ctx, NDList list) {
        float[] flat = list.singletonOrThrow().toFloatArray();
        int n = flat.length / outputsPerFace / (testTimeFlip ? 2 : 1);
        List<CropKeypoints> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] xy = cropCoordinates(flat, i);
            if (testTimeFlip) {
                float[] answer = cropCoordinates(flat, n + i);
                if (mirrorOffset != null) {
                    for (int j = 0; j < answer.length; j++) {
                        answer[j] -= mirrorOffset[j];
                    }
                }
                float[] mirrored = KeypointFlip.flip(answer, CropRule.SIZE);
                for (int j = 0; j < xy.length; j++) {
                    xy[j] = (xy[j] + mirrored[j]) / 2;
                }
            }
            out.add(new CropKeypoints(xy, confidence(flat, i, testTimeFlip ? n + i : -1)));
        }
        return out;
    }

    /** The face's confidence from its row (and its mirrored row, if any: the two are averaged). */
    private double confidence(float[] flat, int row, int mirroredRow) {
        if (confidence == null) {
            return Double.NaN;
        }
        double p = confidence.probability(FaceConfidence.signals(flat, row * outputsPerFace));
        if (mirroredRow >= 0) {
            p = (p + confidence.probability(FaceConfidence.signals(flat, mirroredRow * outputsPerFace))) / 2;
        }
        return p;
    }

    private float[] cropCoordinates(float[] flat, int row) {
        float[] xy = new float[Keypoint.COORDINATES];
        for (int j = 0; j < Keypoint.COORDINATES; j++) {
            xy[j] = Preprocessing.toCropCoordinate(flat[row * outputsPerFace + j]);
        }
        return xy;
    }

    /** Copies the crop at {@code from} to {@code to}, each row reversed (a horizontal flip). */
    private static void mirrorRows(float[] data, int from, int to) {
        int size = CropRule.SIZE;
        for (int y = 0; y < size; y++) {
            int row = y * size;
            for (int x = 0; x < size; x++) {
                data[to + row + x] = data[from + row + size - 1 - x];
            }
        }
    }
}
