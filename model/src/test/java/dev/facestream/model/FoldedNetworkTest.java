package dev.facestream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class FoldedNetworkTest {
    @Test
    void theFoldedNetworkComputesWhatTheTrainedOneDoesInInference() {
        EveryArchitecture.check((arch, trained, m) -> {
            // trained-looking statistics: a fresh batch norm (mean 0, var 1, gamma 1, beta 0)
            // would make folding a no-op that any bug passes
            int norms = 0;
            for (var child : trained.getChildren()) {
                if (child.getValue() instanceof BatchNorm bn) {
                    norms++;
                    var p = bn.getParameters();
                    long c = p.get("gamma").getArray().getShape().get(0);
                    p.get("gamma").getArray().set(m.randomUniform(0.5f, 1.5f, new Shape(c)).toFloatArray());
                    p.get("beta").getArray().set(m.randomUniform(-0.3f, 0.3f, new Shape(c)).toFloatArray());
                    p.get("runningMean").getArray().set(m.randomUniform(-0.2f, 0.2f, new Shape(c)).toFloatArray());
                    p.get("runningVar").getArray().set(m.randomUniform(0.3f, 2f, new Shape(c)).toFloatArray());
                }
            }
            assertTrue(norms > 0, arch + " has batch norms to fold");
            SequentialBlock folded = FoldedNetwork.fold(trained, m);
            long foldedNorms = folded.getChildren().values().stream().filter(b -> b instanceof BatchNorm).count();
            assertEquals(0, foldedNorms, arch + ": no batch norm left");

            NDArray x = m.randomUniform(-1f, 1f, new Shape(4, 1, 96, 96));
            NDArray expected = trained.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            NDArray actual = folded.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertEquals(expected.getShape(), actual.getShape(), arch);
            float worst = expected.sub(actual).abs().max().getFloat();
            float scale = expected.abs().max().getFloat();
            assertTrue(scale > 1e-3f, arch + ": outputs not all near zero (" + scale + ")");
            assertTrue(worst <= 1e-4f * Math.max(1f, scale), arch + ": folded differs by " + worst + " (outputs up to "
                    + scale + ")");
        });
    }
}
