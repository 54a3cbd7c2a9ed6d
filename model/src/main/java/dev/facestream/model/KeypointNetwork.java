package dev.facestream.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.keypoints.Keypoint;
import java.util.List;

/**
 * The keypoint CNNs: 96x96x1 in, 30 coordinates in [-1, 1] out (crop pixel = 48 + 48 * output).
 * A model directory names its architecture in its metadata; serving builds that one.
 *
 * <pre>
 * kpcnn-v1 (1.47 M parameters, 76 M multiply-adds)
 *   96x96  conv3x3(16)  BN ReLU  maxpool  -> 48x48x16
 *   48x48  conv3x3(32)  BN ReLU  maxpool  -> 24x24x32
 *   24x24  conv3x3(64)  BN ReLU  conv3x3(64)  BN ReLU  maxpool -> 12x12x64
 *   12x12  conv3x3(128) BN ReLU  conv3x3(128) BN ReLU  maxpool -> 6x6x128
 *   flatten 4608  dropout  dense 256 ReLU  dropout  dense 30
 *
 * kpcnn-v2 (2.81 M parameters, 96 M multiply-adds), the default
 *   96x96  conv3x3(16) stride 2  BN ReLU                 -> 48x48x16
 *   48x48  conv3x3(32)  BN ReLU  maxpool                 -> 24x24x32
 *   24x24  conv3x3(64)  BN ReLU  conv3x3(64)  BN ReLU  maxpool -> 12x12x64
 *   12x12  3 x [conv3x3(128) BN ReLU]  maxpool           -> 6x6x128
 *   flatten 4608  dropout  dense 512 ReLU  dropout  dense 30
 * </pre>
 *
 * Why v2: on two CPU cores v1 spends most of its time not in multiply-adds but in moving the
 * 96x96x16 activations through batch norm, ReLU and pooling; a strided first convolution skips
 * that stage (batch-1 latency 3.6 -> 2.7 ms, batch-32 throughput about 1.7x, measured with
 * DJL on this machine), and the time saved pays for a third 12x12 convolution and a wider head.
 * Spatial layout is kept to the end (no global pooling) because coordinates are exactly what the
 * head must read off the feature map.
 */
public final class KeypointNetwork {
    public static final String V1 = "kpcnn-v1";
    public static final String V2 = "kpcnn-v2";
    /** What the trainer builds unless told otherwise. */
    public static final String DEFAULT_ARCHITECTURE = V2;
    public static final List<String> ARCHITECTURES = List.of(V1, V2);
    public static final Shape INPUT_SHAPE = new Shape(1, 1, CropRule.SIZE, CropRule.SIZE);

    private KeypointNetwork() {
    }

    /** Throws, naming the known architectures, unless this build has {@code architecture}. */
    public static void requireKnown(String architecture) {
        if (!ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("unknown network architecture " + architecture
                    + " (this build has " + String.join(", ", ARCHITECTURES) + ")");
        }
    }

    /** Builds {@code architecture}; an unknown name is an error that lists the known ones. */
    public static SequentialBlock build(String architecture, float dropout) {
        requireKnown(architecture);
        SequentialBlock net = new SequentialBlock();
        switch (architecture) {
            case V1 -> {
                conv(net, 16, 1);
                pool(net);
                conv(net, 32, 1);
                pool(net);
                conv(net, 64, 1);
                conv(net, 64, 1);
                pool(net);
                conv(net, 128, 1);
                conv(net, 128, 1);
                pool(net);
                head(net, 256, dropout);
            }
            case V2 -> {
                conv(net, 16, 2);
                conv(net, 32, 1);
                pool(net);
                conv(net, 64, 1);
                conv(net, 64, 1);
                pool(net);
                conv(net, 128, 1);
                conv(net, 128, 1);
                conv(net, 128, 1);
                pool(net);
                head(net, 512, dropout);
            }
            default -> throw new AssertionError("ARCHITECTURES lists " + architecture + " but build has no case");
        }
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

    private static void conv(SequentialBlock net, int filters, int stride) {
        net.add(Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1))
                .setFilters(filters)
                .optBias(false)
                .build());
        net.add(BatchNorm.builder().build());
        net.add(Activation.reluBlock());
    }

    private static void pool(SequentialBlock net) {
        net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    }

    private static void head(SequentialBlock net, int units, float dropout) {
        net.add(Blocks.batchFlattenBlock());
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(units).build());
        net.add(Activation.reluBlock());
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(Keypoint.COORDINATES).build());
    }
}
