package dev.facestream.core.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.keypoints.Keypoint;

/**
 * The keypoint CNN: 96x96x1 in, 30 coordinates in [-1, 1] out (crop pixel = 48 + 48 * output).
 *
 * <pre>
 * 96x96  conv3x3(16)  BN ReLU  maxpool  -> 48x48x16
 * 48x48  conv3x3(32)  BN ReLU  maxpool  -> 24x24x32
 * 24x24  conv3x3(64)  BN ReLU  conv3x3(64)  BN ReLU  maxpool -> 12x12x64
 * 12x12  conv3x3(128) BN ReLU  conv3x3(128) BN ReLU  maxpool -> 6x6x128
 * flatten 4608  dropout  dense 256 ReLU  dropout  dense 30
 * </pre>
 *
 * About 1.5 M parameters (6 MB of float32) and 75 M multiply-adds per face, sized so that a
 * face takes a few milliseconds on two CPU cores. Spatial layout is kept to the end (no global
 * pooling) because coordinates are exactly what the head must read off the feature map.
 */
public final class KeypointNetwork {
    /** Name recorded in model metadata; change it when the layers change. */
    public static final String ARCHITECTURE = "kpcnn-v1";
    public static final Shape INPUT_SHAPE = new Shape(1, 1, CropRule.SIZE, CropRule.SIZE);

    private KeypointNetwork() {
    }

    public static SequentialBlock build(float dropout) {
        SequentialBlock net = new SequentialBlock();
        conv(net, 16);
        net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        conv(net, 32);
        net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        conv(net, 64);
        conv(net, 64);
        net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        conv(net, 128);
        conv(net, 128);
        net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        net.add(Blocks.batchFlattenBlock());
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(256).build());
        net.add(Activation.reluBlock());
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(Keypoint.COORDINATES).build());
        return net;
    }

    /**
     * The weight of the output layer. The trainer starts it near zero so the first predictions are
     * the crop centre: with the default (He) scale the first outputs are around +-2, the loss starts
     * near 4, and the first Adam steps can kill the ReLUs of a small batch for good.
     */
    public static ai.djl.nn.Parameter headWeight(SequentialBlock net) {
        var children = net.getChildren();
        return children.get(children.size() - 1).getValue().getParameters().get("weight");
    }

    private static void conv(SequentialBlock net, int filters) {
        net.add(Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(filters)
                .optBias(false)
                .build());
        net.add(BatchNorm.builder().build());
        net.add(Activation.reluBlock());
    }
}
