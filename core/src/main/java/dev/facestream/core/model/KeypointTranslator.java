package dev.facestream.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.Keypoint;
import java.util.List;

/**
 * A batch of 96x96 crops in, one 30-value keypoint vector per crop out, in crop pixels. The
 * whole batch is one tensor, so a micro-batch costs one forward pass.
 */
public final class KeypointTranslator implements NoBatchifyTranslator<List<GrayImage>, float[][]> {
    private final Preprocessing preprocessing;

    public KeypointTranslator(Preprocessing preprocessing) {
        this.preprocessing = preprocessing;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, List<GrayImage> crops) {
        int n = crops.size();
        int area = CropRule.SIZE * CropRule.SIZE;
        float[] data = new float[n * area];
        for (int i = 0; i < n; i++) {
            GrayImage c = crops.get(i);
            if (c.width() != CropRule.SIZE || c.height() != CropRule.SIZE) {
                throw new IllegalArgumentException("crop " + i + " is " + c.width() + "x" + c.height()
                        + ", expected " + CropRule.SIZE + "x" + CropRule.SIZE);
            }
            preprocessing.toInput(c, data, i * area);
        }
        NDArray x = ctx.getNDManager().create(data, new Shape(n, 1, CropRule.SIZE, CropRule.SIZE));
        return new NDList(x);
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
        float[] flat = list.singletonOrThrow().toFloatArray();
        int n = flat.length / Keypoint.COORDINATES;
        float[][] out = new float[n][Keypoint.COORDINATES];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < Keypoint.COORDINATES; j++) {
                out[i][j] = Preprocessing.toCropCoordinate(flat[i * Keypoint.COORDINATES + j]);
            }
        }
        return out;
    }
}
