package dev.facestream.core.wire;

import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.Keypoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A face queued for a person to check, as the detector publishes it to {@link Topics#FACE_REVIEW}:
 * where it came from, the crop the model saw, what the model answered and how sure it was, and
 * why it was queued. {@code facestream review} reads it; a corrected face becomes a row of a
 * Kaggle-format {@code training.csv} (docs/review.md).
 *
 * <h2>Binary layout, format version {@value #VERSION}</h2>
 * Big-endian, no padding; {@code utf8} is a u16 byte length followed by the bytes. Binary like
 * {@link FaceCropRecord}, for the same reason: 9 KB of pixels that base64 would grow by a third.
 *
 * <pre>
 * offset  type     field
 * 0       u8       magic 0xFE (not a valid first byte of UTF-8 text, and none of the other records')
 * 1       u8       format version ({@value #VERSION})
 * 2       utf8     stream id (1..{@value #MAX_TEXT_BYTES} bytes)
 * ..      i64      frame number within the stream (0-based)
 * ..      i64      capture time, microseconds since the Unix epoch
 * ..      i32      face index within the frame
 * ..      i64      track id
 * ..      f32 x5   face box x, y, width, height (frame pixels), face detector score
 * ..      f64      confidence in [0, 1], or NaN when unknown
 * ..      f32 x30  the model's keypoints in crop pixels, x0 y0 x1 y1 ... in {@link Keypoint} order
 * ..      utf8     model version (1..{@value #MAX_TEXT_BYTES} bytes)
 * ..      utf8     why it was queued, e.g. "below 0.40" (0..{@value #MAX_TEXT_BYTES} bytes)
 * ..      u16      crop side n (1..{@value FaceCropRecord#MAX_CROP_SIZE})
 * ..      i32      pixel count, must equal n * n
 * ..      u8[]     crop pixels, row-major 8-bit gray, exactly pixel count bytes and nothing after
 * </pre>
 *
 * A new field or a changed meaning bumps {@link #VERSION}; readers reject versions they do not
 * know with {@link WireFormatException.Reason#UNSUPPORTED_VERSION}.
 *
 * @param streamId         which stream the face came from; also the Kafka key (as on face-crops)
 * @param frame            frame number within the stream
 * @param capturedAtMicros capture time, microseconds since the epoch
 * @param face             face index within the frame
 * @param track            track id of the face across frames
 * @param box              the face box in frame pixels and the face detector's score
 * @param confidence       the model's confidence in [0, 1], NaN when unknown
 * @param cropXy           the model's 15 keypoints in crop pixels (30 values, {@link Keypoint} order)
 * @param modelVersion     version of the model that answered
 * @param reason           why the face was queued
 * @param crop             the n x n gray crop the model saw
 */
public record FaceReviewRecord(String streamId, long frame, long capturedAtMicros, int face, long track, FaceBox box,
        double confidence, float[] cropXy, String modelVersion, String reason, GrayImage crop) {

    public static final byte MAGIC = (byte) 0xFE;
    public static final int VERSION = 1;
    /** The most UTF-8 bytes of the stream id, the model version and the reason, each. */
    public static final int MAX_TEXT_BYTES = 255;
    /** How far (crop sides) a keypoint may lie outside its crop: a wrong answer is still a finite one near it. */
    public static final double KEYPOINT_SLACK = 1.0;
    /** Everything but the three texts and the pixels. */
    static final int FIXED_BYTES = 1 + 1 + FaceOrigin.FIXED_BYTES + 8 + Keypoint.COORDINATES * 4 + 2 + 2 + 2 + 4;
    /** The largest valid record; anything longer is rejected before it is parsed. */
    public static final int MAX_BYTES = FIXED_BYTES + 3 * MAX_TEXT_BYTES
            + FaceCropRecord.MAX_CROP_SIZE * FaceCropRecord.MAX_CROP_SIZE;
    private static final BinaryHeader FORMAT = new BinaryHeader(MAGIC, VERSION, MAX_BYTES, "face review record");

    public FaceReviewRecord {
        text("stream id", streamId, 1);
        text("model version", modelVersion, 1);
        text("reason", reason, 0);
        if (frame < 0 || capturedAtMicros < 0 || face < 0) {
            throw invalid("frame number " + frame + ", capture time " + capturedAtMicros + " and face index " + face
                    + " must not be negative");
        }
        if (box == null || !Float.isFinite(box.x()) || !Float.isFinite(box.y()) || !Float.isFinite(box.score())
                || !(box.width() > 0 && box.width() < Float.POSITIVE_INFINITY)
                || !(box.height() > 0 && box.height() < Float.POSITIVE_INFINITY)
                || Math.abs(box.x()) > FaceCropRecord.MAX_BOX_OFFSET || Math.abs(box.y()) > FaceCropRecord.MAX_BOX_OFFSET) {
            throw invalid("face box " + box + " is missing, not finite, not of positive size, or too far from the frame");
        }
        if (!Double.isNaN(confidence) && !(confidence >= 0 && confidence <= 1)) {
            throw invalid("confidence " + confidence + " is outside [0, 1] (NaN means unknown)");
        }
        if (crop == null || crop.width() != crop.height() || crop.width() < 1
                || crop.width() > FaceCropRecord.MAX_CROP_SIZE) {
            throw invalid("crop must be square with a side of 1.." + FaceCropRecord.MAX_CROP_SIZE + ", got "
                    + (crop == null ? "none" : crop.width() + "x" + crop.height()));
        }
        if (cropXy == null || cropXy.length != Keypoint.COORDINATES) {
            throw new WireFormatException(WireFormatException.Reason.MISMATCH, "keypoints must be "
                    + Keypoint.COORDINATES + " crop coordinates, got " + (cropXy == null ? "none" : cropXy.length));
        }
        double lo = -KEYPOINT_SLACK * crop.width();
        double hi = (1 + KEYPOINT_SLACK) * crop.width();
        for (int i = 0; i < cropXy.length; i++) {
            if (!(cropXy[i] >= lo && cropXy[i] <= hi)) {
                throw invalid("keypoint " + Keypoint.all().get(i / 2).key() + (i % 2 == 0 ? "_x" : "_y") + " = "
                        + cropXy[i] + " is not a finite coordinate near the " + crop.width() + " px crop");
            }
        }
        cropXy = cropXy.clone();
    }

    /**
     * The review record of a face the model answered.
     *
     * @param crop         the face-crops record the detector read
     * @param cropXy       the model's 30 crop-pixel coordinates ({@link Keypoint} order)
     * @param confidence   the model's confidence in [0, 1], NaN when unknown
     * @param modelVersion the model's version
     * @param reason       why it is queued, e.g. {@code "below 0.40"}
     * @throws WireFormatException naming the field when a value is out of the format's ranges
     */
    public static FaceReviewRecord of(FaceCropRecord crop, float[] cropXy, double confidence, String modelVersion,
            String reason) {
        return new FaceReviewRecord(crop.streamId(), crop.frame(), crop.capturedAtMicros(), crop.face(), crop.track(),
                crop.box(), confidence, cropXy, modelVersion, reason, crop.crop());
    }

    /** The keypoints (a copy: records are values). */
    @Override
    public float[] cropXy() {
        return cropXy.clone();
    }

    /** The record in the binary layout above. */
    public byte[] encode() {
        byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        byte[] version = modelVersion.getBytes(StandardCharsets.UTF_8);
        byte[] why = reason.getBytes(StandardCharsets.UTF_8);
        byte[] px = crop.pixels();
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + id.length + version.length + why.length + px.length)
                .order(ByteOrder.BIG_ENDIAN);
        b.put(MAGIC).put((byte) VERSION);
        new FaceOrigin(streamId, frame, capturedAtMicros, face, track, box).write(b, id);
        b.putDouble(confidence);
        for (float v : cropXy) {
            b.putFloat(v);
        }
        b.putShort((short) version.length).put(version);
        b.putShort((short) why.length).put(why);
        b.putShort((short) crop.width());
        b.putInt(px.length).put(px);
        return b.array();
    }

    /**
     * Parses a record.
     *
     * @throws WireFormatException with reason TRUNCATED, OVERSIZED, BAD_MAGIC, UNSUPPORTED_VERSION,
     *                             MISMATCH or INVALID, and a message naming the offending field
     */
    public static FaceReviewRecord decode(byte[] bytes) {
        return FORMAT.decode(bytes, FaceReviewRecord::fields);
    }

    private static FaceReviewRecord fields(ByteBuffer b) {
        FaceOrigin o = FaceOrigin.read(b, MAX_TEXT_BYTES);
        double confidence = b.getDouble();
        float[] xy = new float[Keypoint.COORDINATES];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = b.getFloat();
        }
        String modelVersion = readText(b, "model version", 1);
        String reason = readText(b, "reason", 0);
        int side = b.getShort() & 0xffff;
        int pixelCount = b.getInt();
        GrayImage crop = FORMAT.readSquareCrop(b, side, pixelCount, FaceCropRecord.MAX_CROP_SIZE);
        return new FaceReviewRecord(o.streamId(), o.frame(), o.capturedAtMicros(), o.face(), o.track(), o.box(),
                confidence, xy, modelVersion, reason, crop);
    }

    private static String readText(ByteBuffer b, String field, int min) {
        int n = b.getShort() & 0xffff;
        if (n < min || n > MAX_TEXT_BYTES) {
            throw invalid(field + " length " + n + " is outside " + min + ".." + MAX_TEXT_BYTES);
        }
        byte[] t = new byte[n];
        b.get(t);
        return new String(t, StandardCharsets.UTF_8);
    }

    private static void text(String field, String value, int min) {
        int n = value == null ? -1 : value.getBytes(StandardCharsets.UTF_8).length;
        if (n < min || n > MAX_TEXT_BYTES) {
            throw invalid(field + " must be " + min + ".." + MAX_TEXT_BYTES + " UTF-8 bytes, got "
                    + (value == null ? "none" : n));
        }
    }

    private static WireFormatException invalid(String message) {
        return new WireFormatException(WireFormatException.Reason.INVALID, message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceReviewRecord r && streamId.equals(r.streamId) && frame == r.frame
                && capturedAtMicros == r.capturedAtMicros && face == r.face && track == r.track && box.equals(r.box)
                && Double.compare(confidence, r.confidence) == 0 && Arrays.equals(cropXy, r.cropXy)
                && modelVersion.equals(r.modelVersion) && reason.equals(r.reason)
                && crop.width() == r.crop.width() && Arrays.equals(crop.pixels(), r.crop.pixels());
    }

    @Override
    public int hashCode() {
        return 31 * (31 * streamId.hashCode() + Long.hashCode(frame)) + face;
    }

    @Override
    public String toString() {
        return "FaceReviewRecord[" + streamId + " frame " + frame + " face " + face + " track " + track
                + ", confidence " + confidence + ", model " + modelVersion + ", " + reason + "]";
    }
}
