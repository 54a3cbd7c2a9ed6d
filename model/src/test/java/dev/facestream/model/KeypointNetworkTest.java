package dev.facestream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.facestream.core.keypoints.Keypoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeypointNetworkTest {
    /** The sizes the class comment states; the limit is 5 M parameters (20 MB). */
    private static final Map<String, Long> PARAMETERS = Map.of(KeypointNetwork.V1, 1_470_574L,
            KeypointNetwork.V2, 2_806_126L, KeypointNetwork.V3, 1_519_542L,
            KeypointNetwork.V3C, 1_519_542L + 257 * 15,
            // v3's layers down to 12x12x96 (its last strided convolution, dense layers and their
            // 1.33 M weights gone), then a 1x1 convolution to 83 maps with a bias each
            KeypointNetwork.V3H, 1_519_542L - (96 * 128 * 9 + 4 * 128) - (4608 * 256 + 256) - (256 * 166 + 166)
                    + (96 * 83 + 83));

    @Test
    void everyArchitectureMapsACropToItsOutputsWithinTheSizeLimit() {
        EveryArchitecture.check((arch, net, m) -> {
            long parameters = net.getParameters().values().stream()
                    .mapToLong(p -> p.getArray().getShape().size()).sum();
            assertEquals(PARAMETERS.get(arch), parameters, arch);
            assertTrue(parameters <= 5_000_000, arch + " has " + parameters + " parameters");
            NDList out = net.forward(new ParameterStore(m, false),
                    new NDList(m.zeros(new Shape(3, 1, 96, 96))), false);
            int outputs = KeypointNetwork.outputs(arch);
            assertEquals((KeypointNetwork.hasLandmarks68(arch) ? Keypoint.COORDINATES + 136 : Keypoint.COORDINATES)
                    + (KeypointNetwork.hasConfidenceHead(arch) ? Keypoint.COUNT : 0), outputs, arch);
            assertEquals(new Shape(3, outputs), out.singletonOrThrow().getShape(), arch);
            // the output layer: one row per output value, or in v3h one heatmap per x, y pair
            long rows = KeypointNetwork.V3H.equals(arch) ? outputs / 2 : outputs;
            assertEquals(rows, KeypointNetwork.headWeight(net).getArray().getShape().get(0), arch);
        });
    }

    @Test
    void anUnknownArchitectureNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeypointNetwork.build("kpcnn-v9", 0f));
        assertTrue(e.getMessage().contains("kpcnn-v9") && e.getMessage().contains(KeypointNetwork.V1)
                && e.getMessage().contains(KeypointNetwork.V2), e.getMessage());
    }
}
