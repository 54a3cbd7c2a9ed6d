package dev.facestream.core.wire;

import dev.facestream.core.crop.FaceBox;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The fields the face crop and the face review record both begin with, after their two-byte
 * header, in one layout: which face of which frame of which stream, and its box. Read and written
 * here for both, so the two layouts cannot drift apart.
 *
 * <pre>
 * type     field
 * utf8     stream id (u16 byte length, 1..max bytes, then the bytes)
 * i64      frame number within the stream
 * i64      capture time, microseconds since the Unix epoch
 * i32      face index within the frame
 * i64      track id
 * f32 x5   face box x, y, width, height (frame pixels), face detector score
 * </pre>
 */
record FaceOrigin(String streamId, long frame, long capturedAtMicros, int face, long track, FaceBox box) {
    /** The bytes of these fields but the stream id's own. */
    static final int FIXED_BYTES = 2 + 8 + 8 + 4 + 8 + 5 * 4;

    /**
     * The fields at {@code b}'s position, the stream id at most {@code maxStreamIdBytes} long.
     *
     * @throws WireFormatException INVALID for a stream id length outside 1..max
     * @throws java.nio.BufferUnderflowException when {@code b} ends inside them
     */
    static FaceOrigin read(ByteBuffer b, int maxStreamIdBytes) {
        int idLength = b.getShort() & 0xffff;
        if (idLength == 0 || idLength > maxStreamIdBytes) {
            throw new WireFormatException(WireFormatException.Reason.INVALID,
                    "stream id length " + idLength + " is outside 1.." + maxStreamIdBytes);
        }
        byte[] id = new byte[idLength];
        b.get(id);
        // arguments are evaluated left to right: the layout's order
        return new FaceOrigin(new String(id, StandardCharsets.UTF_8), b.getLong(), b.getLong(), b.getInt(),
                b.getLong(), new FaceBox(b.getFloat(), b.getFloat(), b.getFloat(), b.getFloat(), b.getFloat()));
    }

    /** Writes the fields at {@code b}'s position; {@code streamIdUtf8} is {@link #streamId} encoded. */
    void write(ByteBuffer b, byte[] streamIdUtf8) {
        b.putShort((short) streamIdUtf8.length).put(streamIdUtf8);
        b.putLong(frame).putLong(capturedAtMicros).putInt(face).putLong(track);
        b.putFloat(box.x()).putFloat(box.y()).putFloat(box.width()).putFloat(box.height()).putFloat(box.score());
    }
}
