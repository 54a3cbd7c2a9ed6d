package dev.facestream.pipeline;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.model.KeypointModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The keypoint model alone, without Kafka: crops per second of back-to-back forward passes at
 * one batch size. The yardstick for the detector: its throughput over this says what the
 * streaming machinery (decode, buffer, changelog, commit) costs.
 */
public final class ModelThroughput {
    /** Forward passes not timed, so that lazy initialisation and allocator warm-up are excluded. */
    private static final int WARM_UP_BATCHES = 3;

    private ModelThroughput() {
    }

    /**
     * Runs batches of {@code batchSize} crops (cycling through {@code crops}) for at least
     * {@code minMillis} and at least {@code minBatches} batches, after a warm-up.
     *
     * @return crops per second
     */
    public static double cropsPerSecond(KeypointModel model, List<GrayImage> crops, int batchSize, long minMillis,
            int minBatches) {
        if (crops.isEmpty()) {
            throw new IllegalArgumentException("no crops to measure the model with");
        }
        List<GrayImage> batch = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            batch.add(crops.get(i % crops.size()));
        }
        try (Predictor<List<GrayImage>, List<CropKeypoints>> predictor = model.newPredictor()) {
            for (int i = 0; i < WARM_UP_BATCHES; i++) {
                predictor.predict(batch);
            }
            long start = System.nanoTime();
            long deadline = start + minMillis * 1_000_000L;
            int batches = 0;
            while (batches < minBatches || System.nanoTime() < deadline) {
                predictor.predict(batch);
                batches++;
            }
            return batches * (double) batchSize / ((System.nanoTime() - start) / 1e9);
        } catch (TranslateException e) {
            throw new IllegalStateException("keypoint model failed while measuring its throughput", e);
        }
    }
}
