package dev.facestream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.facestream.core.crop.CropRule;

/**
 * Integral regression: heatmap logits {@code (N, maps, H, W)} in, {@code (N, 2 * maps)} out, each
 * map's expected x then y in output units ({@link Preprocessing#toOutput}), the maps in order. A
 * softmax over each map's cells makes it a probability over positions; the coordinate is the
 * expectation of the cell centres under it, so it is differentiable and not limited to the grid.
 *
 * <p>The grid is fixed: cell {@code (i, j)} of an {@code H x W} map covers crop pixels
 * {@code 96/W} wide, and its centre is where those pixels' centres average, crop coordinate
 * {@code (j + 0.5) * 96 / W - 0.5} (pixel {@code k}'s centre is at {@code k}, as in
 * {@link CropRule} and the labels). So a uniform map answers the crop's centre, 47.5, not 48.
 *
 * <p>No temperature: a scalar multiplying the logits is the same function as scaling the weights
 * and bias of the convolution that makes them, which the optimiser already sets, so a learnable one
 * would be redundant and a fixed one only a different initial scale.
 *
 * <p>No parameters, so it saves and loads as nothing but its version, and {@link FoldedNetwork}
 * passes it through as it is. Four engine calls: reshape, softmax, one matrix product with the
 * {@code (H*W, 2)} grid of cell centres, reshape.
 */
public final class SoftArgmax extends AbstractBlock {
    private static final byte VERSION = 1;

    public SoftArgmax() {
        super(VERSION);
    }

    /** Output units of the centres of {@code cells} equal cells across the crop, in order. */
    public static float[] cellCentres(int cells) {
        float[] c = new float[cells];
        float width = (float) CropRule.SIZE / cells;
        for (int j = 0; j < cells; j++) {
            c[j] = Preprocessing.toOutput((j + 0.5f) * width - 0.5f);
        }
        return c;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray logits = inputs.singletonOrThrow();
        Shape s = logits.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("soft-argmax takes (N, maps, H, W) heatmaps, got " + s);
        }
        long n = s.get(0);
        long maps = s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        NDArray p = logits.reshape(n, maps, (long) h * w).softmax(2);
        NDArray grid = logits.getManager().create(grid(h, w), new Shape((long) h * w, 2));
        // (N, maps, H*W) x (H*W, 2) -> (N, maps, 2): x then y per map, as the output layout wants
        return new NDList(p.matMul(grid).reshape(n, maps * 2));
    }

    /** Row {@code i * w + j}: cell (i, j)'s centre, x then y. */
    private static float[] grid(int h, int w) {
        float[] xs = cellCentres(w);
        float[] ys = cellCentres(h);
        float[] g = new float[h * w * 2];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                g[2 * (i * w + j)] = xs[j];
                g[2 * (i * w + j) + 1] = ys[i];
            }
        }
        return g;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 2 * s.get(1))};
    }
}
