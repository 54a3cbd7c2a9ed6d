package dev.facestream.core.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The value of the detector's changelogged {@code crop-buffer} store: one buffered face-crop
 * record with its Kafka timestamp. Persisted state (the changelog outlives a deployment), so it
 * is versioned like the records on the topics:
 *
 * <pre>
 *   version 1: magic 0xCB, version 1, timestamp (int64 ms), the face-crop record's bytes unchanged
 *   version 0 (before the format had a version): timestamp (int64 ms), the record's bytes
 * </pre>
 *
 * Version 0 is still read. It is told apart by its first byte: a version-0 value starts with a
 * Kafka timestamp, which is -1 (0xFF) or non-negative and far below 2^62 (0x00), never 0xCB.
 *
 * @param timestampMs the buffered record's Kafka timestamp
 * @param record      the face-crop record's bytes, as they came from the topic
 */
public record CropBufferEntry(long timestampMs, byte[] record) {
    public static final byte MAGIC = (byte) 0xCB;
    public static final int VERSION = 1;
    private static final int HEADER_BYTES = 2 + 8;

    public static final WireCodec<CropBufferEntry> CODEC = WireCodec.of(CropBufferEntry::encode,
            CropBufferEntry::decode);

    /** The entry in the version-1 layout above. */
    public byte[] encode() {
        return ByteBuffer.allocate(HEADER_BYTES + record.length).order(ByteOrder.BIG_ENDIAN)
                .put(MAGIC).put((byte) VERSION).putLong(timestampMs).put(record).array();
    }

    /**
     * Reads an entry of either version.
     *
     * @throws WireFormatException TRUNCATED when shorter than its header, UNSUPPORTED_VERSION for a
     *                             later version than this build writes
     */
    public static CropBufferEntry decode(byte[] bytes) {
        if (bytes == null || bytes.length < 8) {
            throw new WireFormatException(WireFormatException.Reason.TRUNCATED, "crop-buffer entry has "
                    + (bytes == null ? "no value" : bytes.length + " bytes") + ", not even a timestamp");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        if (bytes[0] == MAGIC) {
            if (bytes.length < HEADER_BYTES) {
                throw new WireFormatException(WireFormatException.Reason.TRUNCATED,
                        "crop-buffer entry has " + bytes.length + " bytes, less than its header");
            }
            int version = bytes[1] & 0xff;
            if (version != VERSION) {
                throw new WireFormatException(WireFormatException.Reason.UNSUPPORTED_VERSION, "crop-buffer entry "
                        + "format version " + version + " is not supported (this build reads 0 and " + VERSION + ")");
            }
            b.position(2);
        }
        long timestamp = b.getLong();
        byte[] record = new byte[b.remaining()];
        b.get(record);
        return new CropBufferEntry(timestamp, record);
    }
}
