package dev.facestream.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facestream.model.ModelDirectory;
import dev.facestream.core.wire.ModelRecord;
import dev.facestream.registry.ModelRejectedException.Reason;
import dev.facestream.testkit.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every check of {@link ModelChecks} on records built from a real (untrained) model directory, without a broker. */
class ModelChecksTest {
    @TempDir
    static Path tmp;
    static ModelPackage pack;

    @BeforeAll
    static void packOnce() throws Exception {
        pack = ModelPackage.of(TestModels.untrained(tmp.resolve("m")));
    }

    static PublishedModel published(ModelRecord r, String version, String sha) {
        return new PublishedModel("default", 7, 0,
                new ModelRecord.Headers(version, sha, "2026-12-01T20:00:00Z", "test").toBytes(), r.encode());
    }

    static PublishedModel published(ModelRecord r) {
        return published(r, TestModels.UNTRAINED_VERSION, r.weightsSha256());
    }

    static ModelRecord withMetadata(UnaryOperator<ObjectNode> edit) throws Exception {
        ObjectNode tree = (ObjectNode) ModelDirectory.JSON.readTree(pack.record().metadata());
        ModelRecord r = pack.record();
        return new ModelRecord(ModelDirectory.JSON.writeValueAsBytes(edit.apply(tree)), r.weights(), r.report(),
                r.card(), r.probe());
    }

    static Reason rejection(PublishedModel p) {
        ModelRejectedException e = assertThrows(ModelRejectedException.class, () -> ModelChecks.load(p, "cpu", 2));
        assertTrue(e.getMessage().contains("offset 7"), "the message names the record: " + e.getMessage());
        return e.reason();
    }

    @Test
    void aPackedDirectoryPassesEveryCheckAndCarriesItsProbe() throws Exception {
        assertEquals(TestModels.UNTRAINED_VERSION, pack.metadata().modelVersion());
        assertEquals(96 * 96, pack.record().probe().length);
        float[] expected = ModelChecks.probeExpected(pack.record().metadata());
        assertEquals(30, expected.length);
        CheckedModel m = ModelChecks.load(published(pack.record()), "cpu", 4);
        try (var model = m.model()) {
            assertEquals(TestModels.UNTRAINED_VERSION, m.version());
            assertEquals(pack.sha256(), m.sha256());
            float[] again = ProbeCrop.run(model, ProbeCrop.standard());
            assertTrue(ProbeCrop.difference(expected, again) <= ProbeCrop.TOLERANCE);
        }
    }

    @Test
    void aTruncatedRecordIsRejectedAsTruncated() {
        byte[] v = pack.record().encode();
        PublishedModel p = new PublishedModel("default", 7, 0, published(pack.record()).headers(),
                Arrays.copyOf(v, v.length / 2));
        assertEquals(Reason.TRUNCATED, rejection(p));
    }

    @Test
    void aWrongChecksumIsRejected() {
        assertEquals(Reason.CHECKSUM, rejection(published(pack.record(), TestModels.UNTRAINED_VERSION,
                ModelRecord.sha256(new byte[] {42}))));
    }

    @Test
    void aMissingHeaderOrAVersionDifferentFromTheMetadataIsInvalid() {
        PublishedModel noHeaders = new PublishedModel("default", 7, 0, java.util.Map.of(), pack.record().encode());
        assertEquals(Reason.INVALID, rejection(noHeaders));
        assertEquals(Reason.INVALID, rejection(published(pack.record(), "other", pack.sha256())));
    }

    @Test
    void anUnknownArchitectureIsRejected() throws Exception {
        assertEquals(Reason.ARCHITECTURE, rejection(published(withMetadata(t -> t.put("architecture", "kpcnn-v9")))));
    }

    @Test
    void anotherKeypointSetIsRejected() throws Exception {
        ModelRecord r = withMetadata(t -> {
            ArrayNode k = (ArrayNode) t.get("keypoints");
            k.remove(0);
            k.add("left_ear");
            return t;
        });
        assertEquals(Reason.KEYPOINTS, rejection(published(r)));
        ModelRecord reordered = withMetadata(t -> {
            ArrayNode k = (ArrayNode) t.get("keypoints");
            k.insert(0, k.remove(1));
            return t;
        });
        assertEquals(Reason.KEYPOINTS, rejection(published(reordered)));
    }

    @Test
    void anotherCropRuleOrInputSizeIsRejected() throws Exception {
        assertEquals(Reason.CROP_RULE, rejection(published(withMetadata(t -> t.put("crop_rule", "crop-v0")))));
        assertEquals(Reason.INPUT_SIZE, rejection(published(withMetadata(t -> t.put("input_size", 128)))));
    }

    @Test
    void unreadableMetadataIsRejected() {
        ModelRecord r = pack.record();
        ModelRecord bad = new ModelRecord("not json".getBytes(), r.weights(), null, null, r.probe());
        assertEquals(Reason.METADATA, rejection(published(bad)));
    }

    @Test
    void weightsThatDoNotLoadAreRejected() {
        ModelRecord r = pack.record();
        // the first half of real weights: the parameter file ends inside a tensor
        byte[] half = Arrays.copyOf(r.weights(), r.weights().length / 2);
        ModelRecord bad = new ModelRecord(r.metadata(), half, null, null, r.probe());
        assertEquals(Reason.WEIGHTS, rejection(published(bad)));
    }

    @Test
    void aProbeOutputThatDiffersOrIsMissingIsRejected() throws Exception {
        ModelRecord r = withMetadata(t -> {
            ArrayNode xy = (ArrayNode) t.with("probe").get("expected_crop_xy");
            xy.set(3, xy.get(3).floatValue() + 0.5f);
            return t;
        });
        assertEquals(Reason.PROBE, rejection(published(r)));
        ModelRecord noProbe = new ModelRecord(pack.record().metadata(), pack.record().weights(), null, null, null);
        assertEquals(Reason.PROBE, rejection(published(noProbe)));
    }

    @Test
    void aDirectoryWithAnUnknownArchitectureIsRefusedBeforePublishing() throws Exception {
        Path dir = TestModels.untrained(tmp.resolve("bad-arch"));
        Path meta = dir.resolve(ModelDirectory.METADATA_FILE);
        String architecture = ModelDirectory.readMetadata(dir).architecture();
        Files.writeString(meta, Files.readString(meta).replace("\"" + architecture + "\"", "\"kpcnn-v9\""));
        ModelRejectedException e = assertThrows(ModelRejectedException.class, () -> ModelPackage.of(dir));
        assertEquals(Reason.ARCHITECTURE, e.reason());
        assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void theTrainedModelsProbeIsReproduced() throws Exception {
        // kp-v3 (kpcnn-v2, 11.2 MB) is the 11 MB case; the shipped default is smaller since v4d
        Path kpV3 = TestModels.trained().resolveSibling("kp-v3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(kpV3), "no models/kp-v3");
        ModelPackage trained = ModelPackage.of(kpV3);
        CheckedModel m = ModelChecks.load(published(trained.record(), trained.metadata().modelVersion(),
                trained.sha256()), "cpu", 1);
        m.model().close();
        assertTrue(trained.record().encodedSize() > 11_000_000, "kp-v3 is the 11 MB case");
    }
}
