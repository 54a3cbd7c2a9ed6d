package dev.facestream.detector;

import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.model.KeypointModel;
import dev.facestream.testkit.TestCrops;
import dev.facestream.testkit.TestModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the topology tests start from: an untrained model of the default architecture, loaded once
 * per test class (its answers are not judged, only where they go), and crops of the male sample.
 */
abstract class UntrainedModelTest {
    @TempDir
    static Path tmp;
    static KeypointModel untrained;

    @BeforeAll
    static void loadUntrained() throws Exception {
        untrained = KeypointModel.load(TestModels.untrained(tmp.resolve("model")), "cpu");
    }

    @AfterAll
    static void closeUntrained() {
        untrained.close();
    }

    /** Crops of the first {@code frames} frames of the male head-pose sample, stream "male". */
    static List<FaceCropRecord> maleCrops(int frames) throws Exception {
        return TestCrops.of(TestModels.sample("head-pose-male-480x270.gif"), "male", frames);
    }
}
