package dev.facestream.core.wire;

import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One face of one video frame, as the producer publishes it to {@link Topics#FACE_CROPS}: the
 * crop the network needs, plus everything needed to map its answer back onto the frame.
 *
 * <h2>Binary layout, format version {@value #VERSION}</h2>
 * Big-endian, no padding; {@code utf8} is a u16 byte length followed by the bytes.
 *
 * <pre>
 * offset  type     field
 * 0       u8       magic 0xFC (not a valid first byte of UTF-8 text, so JSON is never mistaken for a crop)
 * 1       u8       format version ({@value #VERSION})
 * 2       utf8     stream id (1..{@value #MAX_STREAM_ID_BYTES} bytes)
 * ..      i64      frame number within the stream (0-based)
 * ..      i64      capture time, microseconds since the Unix epoch
 * ..      i32      face index within the frame (0 = highest detector score)
 * ..      i64      track id (the same face across frames of one stream)
 * ..      f32 x5   face box x, y, width, height (frame pixels), detector score
 * ..      f64 x4   crop transform a, b, tx, ty (see {@link CropTransform})
 * ..      u8       crop mirrored (0 or 1)
 * ..      u16      crop side n (96 for the current crop rule; at most {@value #MAX_CROP_SIZE})
 * ..      i32      frame width, i32 frame height (pixels)
 * ..      i32      pixel count, must equal n * n
 * ..      u8[]     crop pixels, row-major 8-bit gray, exactly pixel count bytes and nothing after
 * </pre>
 *
 * A new field or a changed meaning bumps {@link #VERSION}; readers reject versions they do not
 * know with {@link WireFormatException.Reason#UNSUPPORTED_VERSION} rather than misread them.
 *
 * @param streamId   which stream (camera, file) the frame came from; also the Kafka key
 * @param frame      frame number within the stream
 * @param capturedAtMicros capture time, microseconds since the epoch
 * @param face       face index within the frame
 * @param track      track id of this face across frames
 * @param box        the detected face box in frame pixels
 * @param transform  frame pixels to crop pixels
 * @param frameWidth width of the frame the crop was cut from
 * @param frameHeight height of that frame
 * @param crop       the n x n gray crop
 */
public record FaceCropRecord(String streamId, long frame, long capturedAtMicros, int face, long track, FaceBox box,
        CropTransform transform, int frameWidth, int frameHeight, GrayImage crop) {

    public static final byte MAGIC = (byte) 0xFC;
    public static final int VERSION = 1;
    public static final int MAX_STREAM_ID_BYTES = 255;
    public static final int MAX_CROP_SIZE = 256;
    /** Frame sides above this are rejected (no camera or video comes near it). */
    public static final int MAX_FRAME_SIDE = 1 << 16;
    /** How far (frame pixels) a face box's corner may lie from the frame's origin. */
    public static final float MAX_BOX_OFFSET = 1 << 17;
    /** Crop pixels per frame pixel: a crop of a face from 4096 px down to 1/10 px wide. */
    public static final double MIN_SCALE = 1e-3;
    public static final double MAX_SCALE = 1e3;
    /** Everything but the stream id bytes and the pixels. */
    static final int FIXED_BYTES = 1 + 1 + FaceOrigin.FIXED_BYTES + 4 * 8 + 1 + 2 + 4 + 4 + 4;
    /** The largest valid record; anything longer is rejected before it is parsed. */
    public static final int MAX_BYTES = FIXED_BYTES + MAX_STREAM_ID_BYTES + MAX_CROP_SIZE * MAX_CROP_SIZE;
    private static final BinaryHeader FORMAT = new BinaryHeader(MAGIC, VERSION, MAX_BYTES, "face crop record");

    /** The size of a record with a {@code cropSize} x {@code cropSize} crop, not counting its stream id. */
    public static int bytesWithoutStreamId(int cropSize) {
        return FIXED_BYTES + cropSize * cropSize;
    }

    public FaceCropRecord {
        byte[] id = streamId == null ? new byte[0] : streamId.getBytes(StandardCharsets.UTF_8);
        if (id.length == 0 || id.length > MAX_STREAM_ID_BYTES) {
            throw new WireFormatException(WireFormatException.Reason.INVALID,
                    "stream id must be 1.." + MAX_STREAM_ID_BYTES + " UTF-8 bytes, got " + id.length);
        }
        if (crop.width() != transform.size() || crop.height() != transform.size()) {
            throw new WireFormatException(WireFormatException.Reason.MISMATCH, "crop is " + crop.width() + "x"
                    + crop.height() + " but the crop transform says " + transform.size() + "x" + transform.size());
        }
        if (transform.size() > MAX_CROP_SIZE) {
            throw new WireFormatException(WireFormatException.Reason.INVALID,
                    "crop side " + transform.size() + " exceeds " + MAX_CROP_SIZE);
        }
        if (frameWidth <= 0 || frameHeight <= 0 || frameWidth > MAX_FRAME_SIDE || frameHeight > MAX_FRAME_SIDE) {
            throw new WireFormatException(WireFormatException.Reason.INVALID, "frame size must be 1.."
                    + MAX_FRAME_SIDE + " pixels a side, got " + frameWidth + "x" + frameHeight);
        }
        checkRanges(frame, capturedAtMicros, face, box, transform, frameWidth, frameHeight);
    }

    /**
     * The values a record may carry, so that the keypoints made from it are finite numbers near
     * the frame: a record outside them is {@link WireFormatException.Reason#INVALID} (the detector
     * dead-letters it) rather than answered with NaN or infinite coordinates.
     *
     * <ul>
     *   <li>frame number, capture time and face index not negative;</li>
     *   <li>face box: finite, width and height above 0, corner within {@value #MAX_BOX_OFFSET}
     *       pixels of the frame's origin (a face may reach past the frame's edge);</li>
     *   <li>crop transform: finite; its scale (crop pixels per frame pixel) within
     *       {@value #MIN_SCALE}..{@value #MAX_SCALE}; the crop's centre within one frame size of the
     *       frame, so that a crop point maps back to a finite frame point.</li>
     * </ul>
     */
    private static void checkRanges(long frame, long capturedAtMicros, int face, FaceBox box, CropTransform t,
            int frameWidth, int frameHeight) {
        if (frame < 0 || capturedAtMicros < 0 || face < 0) {
            throw new WireFormatException(WireFormatException.Reason.INVALID, "frame number " + frame
                    + ", capture time " + capturedAtMicros + " and face index " + face + " must not be negative");
        }
        float[] b = {box.x(), box.y(), box.width(), box.height(), box.score()};
        boolean finite = true;
        for (float v : b) {
            finite &= Float.isFinite(v);
        }
        if (!finite || !(box.width() > 0) || !(box.height() > 0) || Math.abs(box.x()) > MAX_BOX_OFFSET
                || Math.abs(box.y()) > MAX_BOX_OFFSET) {
            throw new WireFormatException(WireFormatException.Reason.INVALID, "face box x=" + box.x() + " y="
                    + box.y() + " w=" + box.width() + " h=" + box.height() + " score=" + box.score()
                    + " is not finite, not of positive size, or too far from the frame");
        }
        double scale = Math.hypot(t.a(), t.b());
        if (!Double.isFinite(t.tx()) || !Double.isFinite(t.ty()) || !(scale >= MIN_SCALE && scale <= MAX_SCALE)) {
            throw new WireFormatException(WireFormatException.Reason.INVALID, "crop transform is degenerate or"
                    + " not finite: a=" + t.a() + " b=" + t.b() + " tx=" + t.tx() + " ty=" + t.ty()
                    + " (scale must be " + MIN_SCALE + ".." + MAX_SCALE + ")");
        }
        double[] centre = t.toImage(t.size() / 2.0, t.size() / 2.0);
        if (!(centre[0] >= -frameWidth && centre[0] <= 2.0 * frameWidth && centre[1] >= -frameHeight
                && centre[1] <= 2.0 * frameHeight)) {
            throw new WireFormatException(WireFormatException.Reason.INVALID, "crop transform puts the crop's centre"
                    + " at (" + centre[0] + ", " + centre[1] + "), more than a frame away from the " + frameWidth
                    + "x" + frameHeight + " frame");
        }
    }

    /** The record in the binary layout above. */
    public byte[] encode() {
        byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        byte[] px = crop.pixels();
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + id.length + px.length).order(ByteOrder.BIG_ENDIAN);
        b.put(MAGIC).put((byte) VERSION);
        new FaceOrigin(streamId, frame, capturedAtMicros, face, track, box).write(b, id);
        b.putDouble(transform.a()).putDouble(transform.b()).putDouble(transform.tx()).putDouble(transform.ty());
        b.put((byte) (transform.mirror() ? 1 : 0)).putShort((short) transform.size());
        b.putInt(frameWidth).putInt(frameHeight);
        b.putInt(px.length).put(px);
        return b.array();
    }

    /**
     * Parses a record.
     *
     * @throws WireFormatException with reason TRUNCATED, OVERSIZED, BAD_MAGIC, UNSUPPORTED_VERSION,
     *                             MISMATCH or INVALID (also for values out of the ranges of
     *                             {@code checkRanges}), and a message naming the offending field
     */
    public static FaceCropRecord decode(byte[] bytes) {
        return FORMAT.decode(bytes, FaceCropRecord::fields);
    }

    private static FaceCropRecord fields(ByteBuffer b) {
        FaceOrigin o = FaceOrigin.read(b, MAX_STREAM_ID_BYTES);
        double a = b.getDouble();
        double bb = b.getDouble();
        double tx = b.getDouble();
        double ty = b.getDouble();
        int mirror = b.get() & 0xff;
        int size = b.getShort() & 0xffff;
        int frameWidth = b.getInt();
        int frameHeight = b.getInt();
        int pixelCount = b.getInt();
        if (mirror > 1) {
            throw new WireFormatException(WireFormatException.Reason.INVALID, "mirror flag is " + mirror + ", expected 0 or 1");
        }
        GrayImage crop = FORMAT.readSquareCrop(b, size, pixelCount, MAX_CROP_SIZE);
        return new FaceCropRecord(o.streamId(), o.frame(), o.capturedAtMicros(), o.face(), o.track(), o.box(),
                new CropTransform(a, bb, tx, ty, mirror == 1, size), frameWidth, frameHeight, crop);
    }
}
