package dev.facestream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Mean squared error over the labelled coordinates only. Labels are {@code NDList(target, mask)};
 * a missing coordinate has mask 0 (and any finite target), so rows with missing keypoints still
 * teach the ones they have instead of being dropped.
 */
public final class MaskedMseLoss extends Loss {
    public MaskedMseLoss() {
        super("MaskedMSE");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray target = labels.get(0);
        NDArray mask = labels.get(1);
        NDArray pred = predictions.singletonOrThrow();
        NDArray sq = pred.sub(target).square().mul(mask);
        return sq.sum().div(mask.sum().maximum(1f));
    }
}
