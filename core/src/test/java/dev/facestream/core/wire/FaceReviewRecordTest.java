package dev.facestream.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.keypoints.Keypoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FaceReviewRecordTest {

    static float[] points() {
        float[] xy = new float[Keypoint.COORDINATES];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = 20.25f + i * 1.5f;
        }
        return xy;
    }

    static FaceReviewRecord sample(double confidence) {
        return FaceReviewRecord.of(FaceCropRecordTest.sample("cam-ü", 42), points(), confidence, "kp-20261201",
                "below 0.40");
    }

    @Test
    void theFactoryTakesEverythingFromTheCropRecord() {
        FaceCropRecord crop = FaceCropRecordTest.sample("cam-ü", 42);
        FaceReviewRecord r = FaceReviewRecord.of(crop, points(), 0.25, "kp-1", "below 0.40");
        WireAssertions.sameComponents(crop, r);
        assertArrayEquals(points(), r.cropXy());
    }

    @Test
    void roundTripKeepsEveryField() {
        FaceReviewRecord r = sample(0.3125);
        FaceReviewRecord back = FaceReviewRecord.decode(r.encode());
        assertEquals(r, back);
        assertEquals("cam-ü", back.streamId());
        assertEquals(0.3125, back.confidence());
        assertEquals("kp-20261201", back.modelVersion());
        assertEquals("below 0.40", back.reason());
        assertArrayEquals(points(), back.cropXy());
        assertEquals(CropRule.SIZE, back.crop().width());
        assertEquals(FaceReviewRecord.FIXED_BYTES + "cam-ü".getBytes(StandardCharsets.UTF_8).length
                + "kp-20261201".length() + "below 0.40".length() + CropRule.SIZE * CropRule.SIZE, r.encode().length);
    }

    @Test
    void unknownConfidenceIsNaNAndSurvives() {
        FaceReviewRecord back = FaceReviewRecord.decode(sample(Double.NaN).encode());
        assertTrue(Double.isNaN(back.confidence()));
    }

    @Test
    void theTopicCarriesTheRecord() {
        FaceReviewRecord r = sample(0.1);
        assertEquals(r, Topics.FACE_REVIEW_TOPIC.codec().decode(Topics.FACE_REVIEW_TOPIC.codec().encode(r)));
        assertTrue(FaceReviewRecord.MAX_BYTES < SizeLimits.PRODUCER_MAX_REQUEST_BYTES);
    }

    @Test
    void keypointsAreCopiedNotShared() {
        float[] xy = points();
        FaceReviewRecord r = FaceReviewRecord.of(FaceCropRecordTest.sample("s", 1), xy, 0.5, "v", "");
        xy[0] = 99;
        r.cropXy()[1] = 99;
        assertArrayEquals(points(), r.cropXy());
    }

    @Test
    void everyTruncationIsRejectedAsTruncated() {
        byte[] bytes = sample(0.2).encode();
        for (int n = 0; n < bytes.length; n++) {
            int len = n;
            WireFormatException e = assertThrows(WireFormatException.class,
                    () -> FaceReviewRecord.decode(Arrays.copyOf(bytes, len)));
            assertEquals(WireFormatException.Reason.TRUNCATED, e.reason(), "length " + n + ": " + e.getMessage());
        }
    }

    @Test
    void trailingBytesAndOversizedRecordsAreRejected() {
        byte[] bytes = sample(0.2).encode();
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> FaceReviewRecord.decode(Arrays.copyOf(bytes, bytes.length + 1)));
        assertEquals(WireFormatException.Reason.OVERSIZED, e.reason());
        byte[] huge = Arrays.copyOf(bytes, FaceReviewRecord.MAX_BYTES + 1);
        e = assertThrows(WireFormatException.class, () -> FaceReviewRecord.decode(huge));
        assertEquals(WireFormatException.Reason.OVERSIZED, e.reason());
        assertTrue(e.getMessage().contains("maximum"), e.getMessage());
    }

    @Test
    void wrongMagicAndVersionAreNamed() {
        byte[] crop = FaceCropRecordTest.sample("s", 0).encode();
        WireFormatException e = assertThrows(WireFormatException.class, () -> FaceReviewRecord.decode(crop));
        assertEquals(WireFormatException.Reason.BAD_MAGIC, e.reason());
        assertTrue(e.getMessage().contains("0xFC"), e.getMessage());
        byte[] bytes = sample(0.2).encode();
        bytes[1] = 2;
        e = assertThrows(WireFormatException.class, () -> FaceReviewRecord.decode(bytes));
        assertEquals(WireFormatException.Reason.UNSUPPORTED_VERSION, e.reason());
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    /** Offset of the field after the stream id: frame (i64) etc.; the stream id is {@code s}. */
    private static int afterStreamId() {
        return 2 + 2 + 1;
    }

    private static byte[] plain(double confidence) {
        return FaceReviewRecord.of(FaceCropRecordTest.sample("s", 1), points(), confidence, "v1", "below 0.40")
                .encode();
    }

    @Test
    void outOfRangeFieldsAreInvalidAndNamed() {
        int confidenceAt = afterStreamId() + 8 + 8 + 4 + 8 + 5 * 4;
        byte[] b = plain(0.5);
        ByteBuffer.wrap(b).putDouble(confidenceAt, 1.5);
        WireFormatException e = assertThrows(WireFormatException.class, () -> FaceReviewRecord.decode(b));
        assertEquals(WireFormatException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage().contains("confidence 1.5"), e.getMessage());

        byte[] k = plain(0.5);
        ByteBuffer.wrap(k).putFloat(confidenceAt + 8 + 4 * 3, Float.NaN);   // right_eye_center_y
        e = assertThrows(WireFormatException.class, () -> FaceReviewRecord.decode(k));
        assertEquals(WireFormatException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage().contains("right_eye_center_y"), e.getMessage());

        byte[] f = plain(0.5);
        ByteBuffer.wrap(f).putLong(afterStreamId(), -1);
        e = assertThrows(WireFormatException.class, () -> FaceReviewRecord.decode(f));
        assertEquals(WireFormatException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage().contains("frame number -1"), e.getMessage());

        byte[] w = plain(0.5);
        ByteBuffer.wrap(w).putFloat(afterStreamId() + 8 + 8 + 4 + 8 + 2 * 4, 0f);   // box width
        e = assertThrows(WireFormatException.class, () -> FaceReviewRecord.decode(w));
        assertTrue(e.getMessage().contains("face box"), e.getMessage());
    }

    @Test
    void pixelCountMustMatchTheSide() {
        WireAssertions.pixelCountOtherThanTheSideIsAMismatch(plain(0.5), 95 * 95, FaceReviewRecord::decode);
    }

    @Test
    void emptyModelVersionAndLongTextsAreRefused() {
        FaceCropRecord crop = FaceCropRecordTest.sample("s", 1);
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> FaceReviewRecord.of(crop, points(), 0.5, "", "r"));
        assertTrue(e.getMessage().contains("model version"), e.getMessage());
        e = assertThrows(WireFormatException.class,
                () -> FaceReviewRecord.of(crop, points(), 0.5, "v", "x".repeat(256)));
        assertTrue(e.getMessage().contains("reason"), e.getMessage());
        e = assertThrows(WireFormatException.class, () -> FaceReviewRecord.of(crop, new float[28], 0.5, "v", "r"));
        assertEquals(WireFormatException.Reason.MISMATCH, e.reason());
    }
}
