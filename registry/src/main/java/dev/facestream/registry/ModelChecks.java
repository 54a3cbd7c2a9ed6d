package dev.facestream.registry;

import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.model.KeypointModel;
import dev.facestream.model.KeypointNetwork;
import dev.facestream.model.ModelDirectory;
import dev.facestream.model.ModelMetadata;
import dev.facestream.core.wire.ModelRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The checks a model passes before it is published and again before a detector serves it, each
 * failing with its own {@link ModelRejectedException.Reason}: metadata readable and of a known
 * format, an architecture this build has, the input size, keypoint names and crop rule of this
 * build; then the weights load ({@link KeypointModel#load}, which reads the metadata with
 * {@link ModelDirectory#readMetadata} again), a warm-up forward pass, and the probe crop
 * ({@link ProbeCrop}).
 *
 * <p>{@link ModelDirectory#readMetadata} already refuses most of these, but with a message only;
 * the registry needs the reason of each (it is the label of the rejection counter), and adds the
 * keypoint names, which a model directory loaded from disk was never checked for.
 */
public final class ModelChecks {
    /** Name of the object the publisher adds to metadata.json: the probe's expected output. */
    public static final String PROBE_FIELD = "probe";

    private ModelChecks() {
    }

    /** The metadata of a record or directory, checked; {@code what} names it in the message. */
    public static ModelMetadata metadata(byte[] json, String what) throws ModelRejectedException {
        ModelMetadata m;
        try {
            m = ModelDirectory.JSON.readValue(json, ModelMetadata.class);
        } catch (IOException e) {
            throw new ModelRejectedException(ModelRejectedException.Reason.METADATA,
                    what + ": metadata.json is not readable: " + e.getMessage(), e);
        }
        if (m.format() != ModelMetadata.FORMAT) {
            throw new ModelRejectedException(ModelRejectedException.Reason.METADATA, what + ": model format "
                    + m.format() + " is not supported (this build reads " + ModelMetadata.FORMAT + ")");
        }
        if (m.modelVersion() == null || m.modelVersion().isBlank()) {
            throw new ModelRejectedException(ModelRejectedException.Reason.METADATA, what + ": no model_version");
        }
        if (!KeypointNetwork.ARCHITECTURES.contains(m.architecture())) {
            throw new ModelRejectedException(ModelRejectedException.Reason.ARCHITECTURE, what + ": architecture "
                    + m.architecture() + " is not one this build has (" + String.join(", ", KeypointNetwork.ARCHITECTURES)
                    + ")");
        }
        if (!CropRule.VERSION.equals(m.cropRule())) {
            throw new ModelRejectedException(ModelRejectedException.Reason.CROP_RULE, what + ": trained on crop rule "
                    + m.cropRule() + " but this build crops with " + CropRule.VERSION);
        }
        if (m.inputSize() != CropRule.SIZE) {
            throw new ModelRejectedException(ModelRejectedException.Reason.INPUT_SIZE, what + ": input size "
                    + m.inputSize() + ", this build's crops are " + CropRule.SIZE);
        }
        List<String> ours = Keypoint.all().stream().map(Keypoint::key).toList();
        if (!ours.equals(m.keypoints())) {
            throw new ModelRejectedException(ModelRejectedException.Reason.KEYPOINTS, what + ": keypoints "
                    + m.keypoints() + " are not this build's " + ours);
        }
        if (m.normalization() == null) {
            throw new ModelRejectedException(ModelRejectedException.Reason.METADATA, what + ": no normalization");
        }
        return m;
    }

    /** The probe's expected output in the metadata (crop pixels), or null when it has none. */
    public static float[] probeExpected(byte[] metadataJson) throws ModelRejectedException {
        try {
            JsonNode expected = ModelDirectory.JSON.readTree(metadataJson).path(PROBE_FIELD).path("expected_crop_xy");
            if (!expected.isArray()) {
                return null;
            }
            float[] xy = new float[expected.size()];
            for (int i = 0; i < xy.length; i++) {
                xy[i] = (float) expected.get(i).asDouble(Double.NaN);
            }
            return xy;
        } catch (IOException e) {
            throw new ModelRejectedException(ModelRejectedException.Reason.METADATA,
                    "metadata.json is not readable: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes, checks and loads a published model: every check of this class, in order. The model
     * is loaded on {@code device} and warmed up with batches of {@code warmUpBatch}; on failure
     * nothing stays open.
     */
    public static CheckedModel load(PublishedModel published, String device, int warmUpBatch)
            throws ModelRejectedException {
        String what = published.describe();
        ModelRecord record = published.decode();
        ModelRecord.Headers headers = published.parsedHeaders();
        ModelMetadata m = metadata(record.metadata(), what);
        if (!m.modelVersion().equals(headers.version())) {
            throw new ModelRejectedException(ModelRejectedException.Reason.INVALID, what + ": header says version "
                    + headers.version() + " but the metadata says " + m.modelVersion());
        }
        float[] expected = probeExpected(record.metadata());
        if (record.probe().length == 0 || expected == null) {
            throw new ModelRejectedException(ModelRejectedException.Reason.PROBE, what
                    + ": no probe crop or no expected probe output (publish it with facestream publish-model)");
        }
        Path dir = null;
        KeypointModel model = null;
        try {
            dir = Files.createTempDirectory("facestream-model-");
            Files.write(dir.resolve(ModelDirectory.METADATA_FILE), record.metadata());
            Files.write(dir.resolve(ModelDirectory.PARAMS_FILE), record.weights());
            try {
                model = KeypointModel.load(dir, device);
            } catch (IOException | RuntimeException e) {
                throw new ModelRejectedException(ModelRejectedException.Reason.WEIGHTS,
                        what + ": weights do not load: " + e.getMessage(), e);
            }
            CheckedModel checked = new CheckedModel(model, m.modelVersion(), headers.sha256(),
                    ModelRecord.sha256(published.value()), "topic, " + what, headers.publishedAt());
            verify(model, what, warmUpBatch, expected, ProbeCrop.of(record.probe()));
            return checked;
        } catch (IOException e) {
            throw new ModelRejectedException(ModelRejectedException.Reason.WEIGHTS,
                    what + ": cannot write the weights to a temporary directory: " + e.getMessage(), e);
        } catch (ModelRejectedException | RuntimeException e) {
            if (model != null) {
                model.close();
            }
            throw e;
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Warm-up and probe of a loaded model. */
    static void verify(KeypointModel model, String what, int warmUpBatch, float[] expected,
            dev.facestream.core.crop.GrayImage probe) throws ModelRejectedException {
        try {
            model.warmUp(Math.max(1, warmUpBatch));
        } catch (TranslateException | RuntimeException e) {
            throw new ModelRejectedException(ModelRejectedException.Reason.WARM_UP,
                    what + ": warm-up forward pass failed: " + e.getMessage(), e);
        }
        float[] actual;
        try {
            actual = ProbeCrop.run(model, probe);
        } catch (TranslateException | RuntimeException e) {
            throw new ModelRejectedException(ModelRejectedException.Reason.PROBE,
                    what + ": probe forward pass failed: " + e.getMessage(), e);
        }
        double d = ProbeCrop.difference(expected, actual);
        if (!(d <= ProbeCrop.TOLERANCE)) {
            throw new ModelRejectedException(ModelRejectedException.Reason.PROBE, String.format(Locale.ROOT,
                    "%s: probe crop output differs from the published one by %.3g (output scale), more than %.0e",
                    what, d, ProbeCrop.TOLERANCE));
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the OS cleans it eventually
        }
    }
}
