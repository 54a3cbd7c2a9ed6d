package dev.facestream.trainer.train;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.keypoints.KeypointFlip;
import dev.facestream.trainer.data.FaceBoxes;
import dev.facestream.trainer.data.LabelledFace;
import java.util.ArrayList;
import java.util.List;

/**
 * The correction that makes mirrored crops labelled as the labellers would have labelled them.
 *
 * <p>Say the labels are {@code L = T + o}: a mirror-symmetric truth {@code T} plus a per-point
 * offset {@code o} of the labellers. A network trained on unmirrored crops learns
 * {@code f(crop) = T + o}; on the mirrored crop, mirrored back, it answers {@code T + M(o)}, where
 * {@code M} negates x and swaps left/right names. So {@code d = f(crop) - mirror(f(mirror(crop)))}
 * averaged over faces is {@code o - M(o)}, and the right label of a mirrored crop,
 * {@code mirror(L - o) + o}, is {@code mirror(L) + d}: {@code o} itself is never needed, only
 * {@code d}, which a model trained without mirroring measures. Estimated on the training persons
 * only, so validation figures stay honest.
 */
public final class MirrorOffset {
    private static final int BATCH = 64;

    private MirrorOffset() {
    }

    /** Crops in, one answer per crop out: a model's predictor. */
    @FunctionalInterface
    public interface CropModel {
        List<CropKeypoints> predict(List<GrayImage> crops) throws TranslateException;
    }

    /** {@code d} in crop pixels (30 values, keypoint order), from {@code predictor}'s answers on {@code faces}. */
    public static float[] estimate(List<LabelledFace> faces, FaceBoxes boxes,
            Predictor<List<GrayImage>, List<CropKeypoints>> predictor) throws TranslateException {
        return estimate(faces.stream().map(LabelledFace::image).toList(),
                faces.stream().map(f -> boxes.get(f).box()).toList(), predictor::predict);
    }

    /** {@code d} from {@code model}'s answers on the live crops of {@code images} at {@code boxes}. */
    public static float[] estimate(List<GrayImage> images, List<FaceBox> boxes, CropModel model)
            throws TranslateException {
        double[] sum = new double[Keypoint.COORDINATES];
        int n = 0;
        for (int from = 0; from < images.size(); from += BATCH) {
            List<GrayImage> plain = new ArrayList<>();
            List<GrayImage> mirrored = new ArrayList<>();
            for (int i = from; i < Math.min(images.size(), from + BATCH); i++) {
                plain.add(CropRule.crop(images.get(i), CropRule.forBox(boxes.get(i))));
                mirrored.add(CropRule.crop(images.get(i), CropRule.forBox(boxes.get(i), 1, 0, 0, 0, true)));
            }
            List<CropKeypoints> p = model.predict(plain);
            List<CropKeypoints> q = model.predict(mirrored);
            for (int i = 0; i < p.size(); i++) {
                float[] xy = p.get(i).xy();
                float[] back = KeypointFlip.flip(q.get(i).xy(), CropRule.SIZE);
                for (int j = 0; j < Keypoint.COORDINATES; j++) {
                    sum[j] += xy[j] - back[j];
                }
                n++;
            }
        }
        float[] d = new float[Keypoint.COORDINATES];
        for (int j = 0; j < d.length; j++) {
            d[j] = n == 0 ? 0f : (float) (sum[j] / n);
        }
        return d;
    }
}
