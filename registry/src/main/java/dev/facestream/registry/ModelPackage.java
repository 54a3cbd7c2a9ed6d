package dev.facestream.registry;

import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.model.KeypointModel;
import dev.facestream.model.ModelDirectory;
import dev.facestream.model.ModelMetadata;
import dev.facestream.core.wire.ModelRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model directory made into a {@link ModelRecord}, after the checks of {@link ModelChecks}: the
 * metadata, weights, report and card, plus the probe crop and, in the metadata, the model's
 * answer for it (computed here on the CPU when the metadata has none for the standard crop).
 *
 * @param record   the record to publish
 * @param metadata the directory's metadata
 * @param sha256   SHA-256 of the weights
 */
public record ModelPackage(ModelRecord record, ModelMetadata metadata, String sha256) {

    /** Checks {@code dir} and packs it; the error names the directory and the check that failed. */
    public static ModelPackage of(Path dir) throws ModelRejectedException, IOException {
        String what = "model directory " + dir.toAbsolutePath();
        Path metaFile = dir.resolve(ModelDirectory.METADATA_FILE);
        if (!Files.isRegularFile(metaFile)) {
            throw new ModelRejectedException(ModelRejectedException.Reason.METADATA,
                    what + " has no " + ModelDirectory.METADATA_FILE);
        }
        byte[] metaJson = Files.readAllBytes(metaFile);
        ModelMetadata metadata = ModelChecks.metadata(metaJson, what);
        if (!Files.isRegularFile(dir.resolve(ModelDirectory.PARAMS_FILE))) {
            throw new ModelRejectedException(ModelRejectedException.Reason.WEIGHTS,
                    what + " has no weights file " + ModelDirectory.PARAMS_FILE);
        }
        byte[] weights = Files.readAllBytes(dir.resolve(ModelDirectory.PARAMS_FILE));
        GrayImage probe = ProbeCrop.standard();
        float[] expected;
        KeypointModel model;
        try {
            model = KeypointModel.load(dir, "cpu");
        } catch (IOException | RuntimeException e) {
            throw new ModelRejectedException(ModelRejectedException.Reason.WEIGHTS,
                    what + ": weights do not load: " + e.getMessage(), e);
        }
        try (model) {
            expected = ProbeCrop.run(model, probe);
            float[] given = ModelChecks.probeExpected(metaJson);
            String givenCrop = ModelDirectory.JSON.readTree(metaJson).path(ModelChecks.PROBE_FIELD)
                    .path("crop_sha256").asText("");
            if (given != null && givenCrop.equals(ModelRecord.sha256(probe.pixels()))) {
                // the directory already carries a probe answer: it must be this build's answer too
                ModelChecks.verify(model, what, 1, given, probe);
                expected = given;
            }
        } catch (TranslateException | RuntimeException e) {
            throw new ModelRejectedException(ModelRejectedException.Reason.WARM_UP,
                    what + ": forward pass on the probe crop failed: " + e.getMessage(), e);
        }
        ObjectNode tree = (ObjectNode) ModelDirectory.JSON.readTree(metaJson);
        ObjectNode p = tree.putObject(ModelChecks.PROBE_FIELD);
        p.put("crop_sha256", ModelRecord.sha256(probe.pixels()));
        var xy = p.putArray("expected_crop_xy");
        for (float v : expected) {
            xy.add(v);
        }
        p.put("tolerance", ProbeCrop.TOLERANCE);
        p.put("tolerance_unit", "network output (half the crop side)");
        byte[] report = readIfPresent(dir.resolve(ModelDirectory.REPORT_FILE));
        byte[] card = readIfPresent(dir.resolve(ModelDirectory.CARD_FILE));
        ModelRecord record = new ModelRecord(ModelDirectory.JSON.writeValueAsBytes(tree), weights, report, card,
                probe.pixels());
        return new ModelPackage(record, metadata, record.weightsSha256());
    }

    private static byte[] readIfPresent(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
    }
}
