package dev.facestream.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FaceCropRecordTest {

    static FaceCropRecord sample(String stream, long frame) {
        FaceBox box = new FaceBox(100.5f, 80.25f, 120f, 140f, 0.93f);
        CropTransform t = CropRule.forBox(box);
        byte[] px = new byte[CropRule.SIZE * CropRule.SIZE];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 31);
        }
        return new FaceCropRecord(stream, frame, 1_735_689_600_123_456L, 1, 7L, box, t, 640, 480,
                new GrayImage(CropRule.SIZE, CropRule.SIZE, px));
    }

    @Test
    void roundTripKeepsEveryField() {
        FaceCropRecord r = sample("cam-ü", 42);
        FaceCropRecord back = FaceCropRecord.decode(r.encode());
        WireAssertions.sameComponents(r, back);
        assertEquals(640, back.frameWidth());
        assertEquals(480, back.frameHeight());
    }

    @Test
    void encodedSizeIsHeaderPlusPixels() {
        byte[] bytes = sample("s", 0).encode();
        assertEquals(FaceCropRecord.FIXED_BYTES + 1 + CropRule.SIZE * CropRule.SIZE, bytes.length);
    }

    @Test
    void everyTruncationIsRejectedAsTruncated() {
        byte[] bytes = sample("stream", 3).encode();
        for (int n = 0; n < bytes.length; n++) {
            int len = n;
            WireFormatException e = assertThrows(WireFormatException.class, () -> FaceCropRecord.decode(Arrays.copyOf(bytes, len)));
            assertEquals(WireFormatException.Reason.TRUNCATED, e.reason(), "length " + n + ": " + e.getMessage());
        }
    }

    @Test
    void trailingBytesAreRejectedAsOversized() {
        byte[] bytes = sample("stream", 3).encode();
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> FaceCropRecord.decode(Arrays.copyOf(bytes, bytes.length + 1)));
        assertEquals(WireFormatException.Reason.OVERSIZED, e.reason());
        assertTrue(e.getMessage().contains("after"), e.getMessage());
    }

    @Test
    void recordsLargerThanTheFormatAllowsAreRejectedBeforeParsing() {
        WireAssertions.oneByteOverTheMaximumIsOversized(FaceCropRecord.MAX_BYTES, FaceCropRecord.MAGIC,
                FaceCropRecord.VERSION, FaceCropRecord::decode);
    }

    @Test
    void otherVersionsAndForeignBytesAreRejected() {
        byte[] bytes = sample("s", 0).encode();
        bytes[1] = 2;
        WireFormatException v = assertThrows(WireFormatException.class, () -> FaceCropRecord.decode(bytes));
        assertEquals(WireFormatException.Reason.UNSUPPORTED_VERSION, v.reason());
        assertTrue(v.getMessage().contains("version 2"), v.getMessage());

        WireFormatException m = assertThrows(WireFormatException.class,
                () -> FaceCropRecord.decode("{\"stream\":\"x\"}".getBytes()));
        assertEquals(WireFormatException.Reason.BAD_MAGIC, m.reason());
    }

    @Test
    void pixelCountThatContradictsTheCropSideIsAMismatch() {
        WireAssertions.pixelCountOtherThanTheSideIsAMismatch(sample("s", 0).encode(), 95 * 96,
                FaceCropRecord::decode);
    }

    @Test
    void cropThatDisagreesWithItsTransformCannotBeBuilt() {
        FaceCropRecord ok = sample("s", 0);
        WireFormatException e = assertThrows(WireFormatException.class, () -> new FaceCropRecord("s", 0, 0, 0, 0,
                ok.box(), ok.transform(), 640, 480, new GrayImage(48, 48, new byte[48 * 48])));
        assertEquals(WireFormatException.Reason.MISMATCH, e.reason());
    }

    /** A valid encoding of {@code sample("s", 5)} with one field overwritten at {@code offset} after the stream id. */
    static byte[] patched(int offset, java.util.function.Consumer<ByteBuffer> write) {
        byte[] bytes = sample("s", 5).encode();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.position(2 + 2 + 1 + offset);
        write.accept(b);
        return bytes;
    }

    /** Offsets after the stream id: frame 0, capture 8, face 16, track 20, box 28 (5 floats), transform 48 (4 doubles). */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> nonsense() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("negative frame", patched(0, b -> b.putLong(-1))),
                org.junit.jupiter.params.provider.Arguments.of("negative face", patched(16, b -> b.putInt(-3))),
                org.junit.jupiter.params.provider.Arguments.of("NaN box x", patched(28, b -> b.putFloat(Float.NaN))),
                org.junit.jupiter.params.provider.Arguments.of("infinite box y",
                        patched(32, b -> b.putFloat(Float.POSITIVE_INFINITY))),
                org.junit.jupiter.params.provider.Arguments.of("negative box width", patched(36, b -> b.putFloat(-1))),
                org.junit.jupiter.params.provider.Arguments.of("zero box height", patched(40, b -> b.putFloat(0))),
                org.junit.jupiter.params.provider.Arguments.of("NaN score", patched(44, b -> b.putFloat(Float.NaN))),
                org.junit.jupiter.params.provider.Arguments.of("transform a of 1e300", patched(48, b -> b.putDouble(1e300))),
                org.junit.jupiter.params.provider.Arguments.of("zero transform",
                        patched(48, b -> b.putDouble(0).putDouble(0))),
                org.junit.jupiter.params.provider.Arguments.of("NaN tx", patched(64, b -> b.putDouble(Double.NaN))),
                org.junit.jupiter.params.provider.Arguments.of("ty far off the frame", patched(72, b -> b.putDouble(1e9))));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("nonsense")
    void aRecordWhoseNumbersAreNotFiniteOrOutOfRangeIsInvalid(String what, byte[] bytes) {
        WireFormatException e = assertThrows(WireFormatException.class, () -> FaceCropRecord.decode(bytes));
        assertEquals(WireFormatException.Reason.INVALID, e.reason(), what + ": " + e.getMessage());
    }

    @Test
    void keypointsTheNetworkCannotPlaceFinitelyAreNullNeverNaNStrings() {
        float[] xy = new float[30];
        Arrays.fill(xy, 48f);
        xy[0] = Float.NaN;
        xy[3] = Float.POSITIVE_INFINITY;
        String json = new String(KeypointsRecord.of(sample("s", 1), dev.facestream.core.keypoints.CropKeypoints.withoutConfidence(xy), "v", "cpu").toJson(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(!json.contains("NaN") && !json.contains("Infinity") && !json.contains("\"["), json);
        KeypointsRecord back = KeypointsRecord.fromJson(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(13, back.keypoints().values().stream().filter(java.util.Objects::nonNull).count(), json);
    }
}
