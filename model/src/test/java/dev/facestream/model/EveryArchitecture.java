package dev.facestream.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.SequentialBlock;

/** The network tests' loop: every architecture, built with dropout and initialised on a manager of its own. */
final class EveryArchitecture {
    private EveryArchitecture() {
    }

    /** What a test checks of one architecture's fresh network; {@code m} is closed after it. */
    @FunctionalInterface
    interface Check {
        void on(String arch, SequentialBlock net, NDManager m);
    }

    static void check(Check check) {
        for (String arch : KeypointNetwork.ARCHITECTURES) {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                SequentialBlock net = KeypointNetwork.build(arch, 0.3f);
                net.initialize(m, DataType.FLOAT32, KeypointNetwork.INPUT_SHAPE);
                check.on(arch, net, m);
            }
        }
    }
}
