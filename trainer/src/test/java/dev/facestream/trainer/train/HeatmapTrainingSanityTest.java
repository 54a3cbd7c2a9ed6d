package dev.facestream.trainer.train;

import dev.facestream.model.KeypointNetwork;

/** {@link TrainingSanityTest}'s checks on kpcnn-v3h: the soft-argmax head learns, saves and loads. */
class HeatmapTrainingSanityTest extends TrainingSanityTest {
    @Override
    String architecture() {
        return KeypointNetwork.V3H;
    }
}
