package dev.facestream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.List;

/**
 * The serving form of a trained network: every batch norm folded into the convolution before it,
 * dropout left out. In inference a batch norm is a fixed per-channel scale and shift, so
 * {@code gamma * (conv(x) - mean) / sqrt(var + eps) + beta} is one convolution with weights
 * scaled by {@code gamma / sqrt(var + eps)} and a bias; the result is the same function with one
 * native call fewer per layer, which is what the DJL PyTorch engine pays for at batch 1
 * (docs/training.md, "kp-v4").
 */
public final class FoldedNetwork {
    private FoldedNetwork() {
    }

    /**
     * A new block computing what {@code trained} (built by {@link KeypointNetwork#build} and loaded)
     * computes in inference, initialised on {@code manager}.
     */
    public static SequentialBlock fold(SequentialBlock trained, NDManager manager) {
        List<Block> layers = new ArrayList<>();
        for (var child : trained.getChildren()) {
            if (!(child.getValue() instanceof Dropout)) {
                layers.add(child.getValue());
            }
        }
        SequentialBlock serving = new SequentialBlock();
        List<Runnable> copies = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Block layer = layers.get(i);
            if (layer instanceof Conv2d conv) {
                BatchNorm bn = i + 1 < layers.size() && layers.get(i + 1) instanceof BatchNorm b ? b : null;
                Conv2d folded = convWithBias(conv);
                serving.add(folded);
                copies.add(() -> copyFolded(conv, bn, folded));
                if (bn != null) {
                    i++;
                }
            } else if (layer instanceof Linear linear) {
                Linear copy = Linear.builder().setUnits(linear.getParameters().get("weight").getArray().getShape()
                        .get(0)).build();
                serving.add(copy);
                copies.add(() -> {
                    set(copy, "weight", param(linear, "weight"));
                    set(copy, "bias", param(linear, "bias"));
                });
            } else if (layer instanceof BatchNorm) {
                throw new IllegalArgumentException("a batch norm without a convolution before it cannot be folded");
            } else {
                serving.add(layer);
            }
        }
        serving.initialize(manager, DataType.FLOAT32, KeypointNetwork.INPUT_SHAPE);
        copies.forEach(Runnable::run);
        return serving;
    }

    private static Conv2d convWithBias(Conv2d conv) {
        return Conv2d.builder()
                .setKernelShape(conv.getKernelShape())
                .optStride(conv.getStride())
                .optPadding(conv.getPadding())
                .optDilation(conv.getDilation())
                .setFilters(conv.getFilters())
                .optGroups(conv.getGroups())
                .optBias(true)
                .build();
    }

    private static void copyFolded(Conv2d conv, BatchNorm bn, Conv2d folded) {
        NDArray w = param(conv, "weight");
        NDArray b = conv.getParameters().contains("bias") && conv.getParameters().get("bias").getArray() != null
                ? param(conv, "bias") : w.getManager().zeros(new ai.djl.ndarray.types.Shape(w.getShape().get(0)));
        if (bn == null) {
            set(folded, "weight", w);
            set(folded, "bias", b);
            return;
        }
        NDArray scale = param(bn, "gamma").div(param(bn, "runningVar").add(KeypointNetwork.BATCH_NORM_EPSILON).sqrt());
        set(folded, "weight", w.mul(scale.reshape(scale.getShape().get(0), 1, 1, 1)));
        set(folded, "bias", b.sub(param(bn, "runningMean")).mul(scale).add(param(bn, "beta")));
    }

    private static NDArray param(Block block, String name) {
        Parameter p = block.getParameters().get(name);
        if (p == null || p.getArray() == null) {
            throw new IllegalStateException(block.getClass().getSimpleName() + " has no " + name + " to fold");
        }
        return p.getArray();
    }

    private static void set(Block block, String name, NDArray value) {
        NDArray target = block.getParameters().get(name).getArray();
        if (!target.getShape().equals(value.getShape())) {
            throw new IllegalStateException(name + " of shape " + value.getShape() + " does not fit " + target.getShape());
        }
        target.set(value.toFloatArray());
    }
}
