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
import dev.facestream.core.keypoints.Landmarks68;
import java.util.List;
import java.util.Map;

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
 * kpcnn-v2 (2.81 M parameters, 96 M multiply-adds)
 *   96x96  conv3x3(16) stride 2  BN ReLU                 -> 48x48x16
 *   48x48  conv3x3(32)  BN ReLU  maxpool                 -> 24x24x32
 *   24x24  conv3x3(64)  BN ReLU  conv3x3(64)  BN ReLU  maxpool -> 12x12x64
 *   12x12  3 x [conv3x3(128) BN ReLU]  maxpool           -> 6x6x128
 *   flatten 4608  dropout  dense 512 ReLU  dropout  dense 30
 *
 * kpcnn-v3 (1.5 M parameters, 40 M multiply-adds), the default
 *   96x96  conv3x3(16) stride 2  BN ReLU                 -> 48x48x16
 *   48x48  conv3x3(32) stride 2  BN ReLU                 -> 24x24x32
 *   24x24  conv3x3(48)  BN ReLU  conv3x3(64) stride 2  BN ReLU -> 12x12x64
 *   12x12  2 x [conv3x3(96) BN ReLU]  conv3x3(128) stride 2  BN ReLU -> 6x6x128
 *   flatten 4608  dropout  dense 256 ReLU  dropout  dense 30 + 136
 *
 * kpcnn-v3h (0.19 M parameters, 36 M multiply-adds), kpcnn-v3 with a heatmap head read out by soft-argmax
 *   96x96 .. 12x12  kpcnn-v3's stages down to 2 x [conv3x3(96) BN ReLU]  -> 12x12x96
 *   12x12  conv1x1(15 + 68 = 83, with bias)  -> 83 heatmaps of logits
 *   soft-argmax per map (SoftArgmax)          -> 83 x, y = 30 + 136
 * </pre>
 *
 * Why v2: on two CPU cores v1 spends most of its time not in multiply-adds but in moving the
 * 96x96x16 activations through batch norm, ReLU and pooling; a strided first convolution skips
 * that stage (batch-1 latency 3.6 -> 2.7 ms, batch-32 throughput about 1.7x, measured with
 * DJL on this machine), and the time saved pays for a third 12x12 convolution and a wider head.
 * Spatial layout is kept to the end (no global pooling) because coordinates are exactly what the
 * head must read off the feature map.
 *
 * <p>Why v3: every downsampling is a strided convolution (no pooling stage, whose full-resolution
 * input had to be computed first), the 24x24 stage is narrower and the dense layer smaller; that
 * cuts the multiply-adds to about a third, and with them batch-1 latency and above all batch
 * throughput (docs/training.md, "kp-v4"). Its output layer also predicts all 68 labelled points
 * after the 15 served ones ({@link #outputs}): the extra 136 values are a training signal only
 * (more supervision per face for the shared features), and serving reads the first 30.
 *
 * <p>kpcnn-v3c is kpcnn-v3 with 15 more outputs after the 68 points: one log Laplace scale per
 * served keypoint, the network's own estimate of how far off that point is (in output units).
 * {@link KeypointTranslator} turns them into the face's {@code confidence}. The scale rows are
 * fitted afterwards on the frozen features of a trained v3 (the trainer's confidence step), so a
 * v3c model serves exactly the points of the v3 it was made from; they cost one slightly larger
 * output layer, nothing else.
 *
 * <p>kpcnn-v3h tests the "heatmap head read out with soft-argmax (integral regression),
 * against direct regression" (docs/training.md). Each point gets its own map of logits over the
 * cells of the 12x12 stage; {@link SoftArgmax} turns a map into a probability and answers its
 * expected position, so the output has exactly kpcnn-v3's layout and the trainer, translator and
 * evaluator need nothing new.
 * <ul>
 *   <li>Why the 12x12 stage and not the 24x24 one: a point must be told from its mirror partner
 *       and its neighbours (left from right eye corner, one jaw point from the next), which takes
 *       the context of much of the face, and a 24x24 cell has seen only a small patch (three
 *       convolutions deep); twelve cells do not limit precision, since the expectation falls
 *       between cell centres; and a map a quarter the size keeps the head's convolution and
 *       softmax small next to the backbone.</li>
 *   <li>The head convolution is 1x1, a linear read-out of each cell's features, so the context is
 *       the backbone's alone. A 3x3 head was tried first: its training diverged to NaN in the first
 *       epoch (the gradient reaching the backbone through it), which the 1x1 head's did not
 *       (docs/training.md has the run).</li>
 *   <li>The last strided stage and the dense layers of v3 are gone (hence the small size), and
 *       with them the dropout: {@code dropout} does not apply to v3h.</li>
 *   <li>There is no confidence variant of v3h ({@link #withConfidenceHead} answers null): the
 *       maps' spread could serve as one, but that is not built.</li>
 * </ul>
 */
public final class KeypointNetwork {
    public static final String V1 = "kpcnn-v1";
    public static final String V2 = "kpcnn-v2";
    public static final String V3 = "kpcnn-v3";
    public static final String V3C = "kpcnn-v3c";
    public static final String V3H = "kpcnn-v3h";
    /** What the trainer builds unless told otherwise. */
    public static final String DEFAULT_ARCHITECTURE = V3;
    public static final List<String> ARCHITECTURES = List.of(V1, V2, V3, V3C, V3H);
    /** Values after the 30 served coordinates in a {@link #hasLandmarks68} network's output: 68 x, y pairs. */
    public static final int LANDMARKS68_VALUES = 2 * Landmarks68.COUNT;
    /** Values of a {@link #hasConfidenceHead} network's last block: one log scale per served keypoint. */
    public static final int CONFIDENCE_VALUES = Keypoint.COUNT;
    public static final Shape INPUT_SHAPE = new Shape(1, 1, CropRule.SIZE, CropRule.SIZE);
    /** Every batch norm's epsilon (DJL's default, spelled out because {@link FoldedNetwork} needs it). */
    public static final float BATCH_NORM_EPSILON = 1e-5f;

    /** One stage of a network's feature extractor: a 3x3 convolution (BN, ReLU), or a 2x2 max pool. */
    private record Stage(int filters, int stride) {
        static final Stage POOL = new Stage(0, 2);

        static Stage conv(int filters, int stride) {
            return new Stage(filters, stride);
        }
    }

    /**
     * An architecture's layers: its stages, then flatten, dropout, dense {@code units} ReLU, dropout,
     * output; or, {@code units} 0, a heatmap per output point and {@link SoftArgmax}.
     */
    private record Layout(List<Stage> stages, int units) {
        static final int HEATMAPS = 0;
    }

    private static final List<Stage> V3_TO_12X12 = List.of(Stage.conv(16, 2), Stage.conv(32, 2), Stage.conv(48, 1),
            Stage.conv(64, 2), Stage.conv(96, 1), Stage.conv(96, 1));
    private static final Layout V3_LAYOUT = new Layout(concat(V3_TO_12X12, Stage.conv(128, 2)), 256);
    private static final Map<String, Layout> LAYOUTS = Map.of(
            V1, new Layout(List.of(Stage.conv(16, 1), Stage.POOL, Stage.conv(32, 1), Stage.POOL, Stage.conv(64, 1),
                    Stage.conv(64, 1), Stage.POOL, Stage.conv(128, 1), Stage.conv(128, 1), Stage.POOL), 256),
            V2, new Layout(List.of(Stage.conv(16, 2), Stage.conv(32, 1), Stage.POOL, Stage.conv(64, 1),
                    Stage.conv(64, 1), Stage.POOL, Stage.conv(128, 1), Stage.conv(128, 1), Stage.conv(128, 1),
                    Stage.POOL), 512),
            V3, V3_LAYOUT,
            V3C, V3_LAYOUT,
            V3H, new Layout(V3_TO_12X12, Layout.HEATMAPS));

    private KeypointNetwork() {
    }

    /** Throws, naming the known architectures, unless this build has {@code architecture}. */
    public static void requireKnown(String architecture) {
        if (!ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("unknown network architecture " + architecture
                    + " (this build has " + String.join(", ", ARCHITECTURES) + ")");
        }
    }

    /** Whether the output carries the 68 points after the 15 served keypoints (a training signal). */
    public static boolean hasLandmarks68(String architecture) {
        requireKnown(architecture);
        return V3.equals(architecture) || V3C.equals(architecture) || V3H.equals(architecture);
    }

    /** Whether the output ends with {@link #CONFIDENCE_VALUES} log scales, one per served keypoint. */
    public static boolean hasConfidenceHead(String architecture) {
        requireKnown(architecture);
        return V3C.equals(architecture);
    }

    /** Coordinate values at the start of a face's output row: the 30 served, then the 136 of the 68 points if any. */
    public static int coordinates(String architecture) {
        return Keypoint.COORDINATES + (hasLandmarks68(architecture) ? LANDMARKS68_VALUES : 0);
    }

    /** Where the log scales start in a face's output row (meaningful when {@link #hasConfidenceHead}). */
    public static int confidenceOffset(String architecture) {
        return coordinates(architecture);
    }

    /**
     * Values per face in the network's output: the 30 served coordinates, then the 136 of the 68
     * points if any, then the 15 log scales if any.
     */
    public static int outputs(String architecture) {
        return confidenceOffset(architecture) + (hasConfidenceHead(architecture) ? CONFIDENCE_VALUES : 0);
    }

    /**
     * The architecture with the same layers whose output has the confidence head ({@code
     * architecture} itself if it has one), or null if this build has none for it.
     */
    public static String withConfidenceHead(String architecture) {
        requireKnown(architecture);
        return switch (architecture) {
            case V3, V3C -> V3C;
            default -> null;
        };
    }

    /** Builds {@code architecture}; an unknown name is an error that lists the known ones. */
    public static SequentialBlock build(String architecture, float dropout) {
        requireKnown(architecture);
        Layout layout = LAYOUTS.get(architecture);
        SequentialBlock net = new SequentialBlock();
        for (Stage stage : layout.stages()) {
            if (stage.filters() == 0) {
                net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            } else {
                conv(net, stage.filters(), stage.stride());
            }
        }
        if (layout.units() == Layout.HEATMAPS) {
            heatmapHead(net, outputs(architecture) / 2);
        } else {
            head(net, layout.units(), dropout, outputs(architecture));
        }
        return net;
    }

    /**
     * The weight of the output layer (the last layer that has one). The trainer starts it near zero
     * so the first predictions are the crop centre: with the default (He) scale the first outputs
     * are around +-2, the loss starts near 4, and the first Adam steps can kill the ReLUs of a small
     * batch for good. In kpcnn-v3h it is the heatmap convolution's, and near zero is right there too:
     * logits near zero make every map near uniform, whose expectation is the crop centre, the same
     * start as the regression head's; a large start would put each point's mass on cells the random
     * features happen to favour.
     */
    public static ai.djl.nn.Parameter headWeight(SequentialBlock net) {
        var children = net.getChildren();
        for (int i = children.size() - 1; i >= 0; i--) {
            ai.djl.nn.Parameter weight = children.get(i).getValue().getParameters().get("weight");
            if (weight != null) {
                return weight;
            }
        }
        throw new IllegalArgumentException("the network has no layer with a weight");
    }

    private static void conv(SequentialBlock net, int filters, int stride) {
        net.add(Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1))
                .setFilters(filters)
                .optBias(false)
                .build());
        net.add(BatchNorm.builder().optEpsilon(BATCH_NORM_EPSILON).build());
        net.add(Activation.reluBlock());
    }

    private static void heatmapHead(SequentialBlock net, int maps) {
        net.add(Conv2d.builder()
                .setKernelShape(new Shape(1, 1))
                .setFilters(maps)
                .optBias(true)
                .build());
        net.add(new SoftArgmax());
    }

    private static List<Stage> concat(List<Stage> first, Stage last) {
        List<Stage> all = new java.util.ArrayList<>(first);
        all.add(last);
        return List.copyOf(all);
    }

    private static void head(SequentialBlock net, int units, float dropout, int outputs) {
        net.add(Blocks.batchFlattenBlock());
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(units).build());
        net.add(Activation.reluBlock());
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(outputs).build());
    }
}
