package dev.facestream.core.wire;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.CropRule;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelRecordTest {

    static ModelRecord sample(int weightBytes) {
        byte[] weights = new byte[weightBytes];
        new Random(7).nextBytes(weights);
        byte[] probe = new byte[CropRule.SIZE * CropRule.SIZE];
        Arrays.fill(probe, (byte) 99);
        return new ModelRecord("{\"model_version\":\"v1\"}".getBytes(StandardCharsets.UTF_8), weights,
                "{}".getBytes(StandardCharsets.UTF_8), "# card".getBytes(StandardCharsets.UTF_8), probe);
    }

    @Test
    void roundTripsEverySectionAndTheDocumentedHeader() {
        ModelRecord r = sample(1000);
        byte[] bytes = r.encode();
        assertEquals(r.encodedSize(), bytes.length);
        assertEquals((byte) 0xFD, bytes[0]);
        assertEquals(ModelRecord.VERSION, bytes[1]);
        ModelRecord back = ModelRecord.decode(bytes);
        WireAssertions.sameComponents(r, back);
        assertEquals(r.weightsSha256(), back.weightsSha256());
    }

    @Test
    void twentyMegabytesFitTheFormat() {
        ModelRecord r = sample(20 * 1024 * 1024);
        ModelRecord back = ModelRecord.decode(r.encode());
        assertEquals(r.weightsSha256(), back.weightsSha256());
    }

    @Test
    void emptyOptionalSectionsAreAllowed() {
        ModelRecord r = new ModelRecord(new byte[] {'{', '}'}, new byte[] {1}, null, null, null);
        ModelRecord back = ModelRecord.decode(r.encode());
        assertEquals(0, back.report().length);
        assertEquals(0, back.probe().length);
    }

    @Test
    void everyTruncationIsRejectedAsTruncated() {
        byte[] bytes = sample(300).encode();
        for (int n : new int[] {0, 1, 2, 5, 30, bytes.length / 2, bytes.length - 1}) {
            WireFormatException e = assertThrows(WireFormatException.class,
                    () -> ModelRecord.decode(Arrays.copyOf(bytes, n)), "length " + n);
            assertEquals(WireFormatException.Reason.TRUNCATED, e.reason(), e.getMessage());
        }
    }

    @Test
    void badMagicVersionTrailingBytesAndNullAreRejectedWithTheirReasons() {
        byte[] bytes = sample(10).encode();
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertEquals(WireFormatException.Reason.BAD_MAGIC,
                assertThrows(WireFormatException.class, () -> ModelRecord.decode(json)).reason());
        byte[] v2 = bytes.clone();
        v2[1] = 2;
        assertEquals(WireFormatException.Reason.UNSUPPORTED_VERSION,
                assertThrows(WireFormatException.class, () -> ModelRecord.decode(v2)).reason());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertEquals(WireFormatException.Reason.OVERSIZED,
                assertThrows(WireFormatException.class, () -> ModelRecord.decode(longer)).reason());
        assertEquals(WireFormatException.Reason.TRUNCATED,
                assertThrows(WireFormatException.class, () -> ModelRecord.decode(null)).reason());
    }

    @Test
    void aRecordOverTheMaximumIsRejectedBeforeItIsParsedOrWritten() {
        WireAssertions.oneByteOverTheMaximumIsOversized(ModelRecord.MAX_BYTES, ModelRecord.MAGIC, ModelRecord.VERSION,
                ModelRecord::decode);
        ModelRecord tooBig = new ModelRecord(new byte[] {'{', '}'}, new byte[ModelRecord.MAX_BYTES], null, null, null);
        assertEquals(WireFormatException.Reason.OVERSIZED,
                assertThrows(WireFormatException.class, tooBig::encode).reason());
    }

    @Test
    void aProbeOfTheWrongSizeOrMissingWeightsAreInvalid() {
        assertEquals(WireFormatException.Reason.MISMATCH, assertThrows(WireFormatException.class,
                () -> new ModelRecord(new byte[] {1}, new byte[] {1}, null, null, new byte[10])).reason());
        assertEquals(WireFormatException.Reason.INVALID, assertThrows(WireFormatException.class,
                () -> new ModelRecord(new byte[] {1}, new byte[0], null, null, null)).reason());
    }

    @Test
    void headersRoundTripAndTheChecksumIsVerified() {
        ModelRecord r = sample(64);
        ModelRecord.Headers h = new ModelRecord.Headers("v1", r.weightsSha256(), "2026-12-01T20:00:00Z", "host-a");
        Map<String, byte[]> bytes = h.toBytes();
        assertEquals(h, ModelRecord.Headers.fromBytes(bytes));
        assertDoesNotThrow(() -> r.verify(h));
        ModelRecord.Headers wrong = new ModelRecord.Headers("v1", ModelRecord.sha256(new byte[] {1}), "t", "h");
        WireFormatException e = assertThrows(WireFormatException.class, () -> r.verify(wrong));
        assertEquals(WireFormatException.Reason.MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
        Map<String, byte[]> missing = new HashMap<>(bytes);
        missing.remove(ModelRecord.SHA256_HEADER);
        e = assertThrows(WireFormatException.class, () -> ModelRecord.Headers.fromBytes(missing));
        assertTrue(e.getMessage().contains(ModelRecord.SHA256_HEADER), e.getMessage());
    }
}
