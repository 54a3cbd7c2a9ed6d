package dev.facestream.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record the detector writes to {@link Topics#FACE_CROPS_DLQ} for an input record it could
 * not use: small enough to be written whatever the input was.
 *
 * <h2>Format</h2>
 * <ul>
 *   <li>key: the input's key, cut to its first {@value #MAX_KEY_CHARS} characters;</li>
 *   <li>value: the input's first {@value #MAX_PAYLOAD_BYTES} bytes ({@link FaceCropRecord#MAX_BYTES}:
 *       any record that could be a valid crop is kept whole, and a larger one keeps its header and
 *       more), the whole value when it is shorter;</li>
 *   <li>headers, each UTF-8 text (numbers in decimal), and nothing else: the input's own headers are
 *       not copied, since they alone could exceed the broker's record limit:
 *       <pre>
 * facestream.dlq.reason            {@link WireFormatException.Reason} name
 * facestream.dlq.error             what was wrong, at most {@value #MAX_ERROR_CHARS} characters
 * facestream.dlq.source.topic      the input's topic
 * facestream.dlq.source.partition  its partition
 * facestream.dlq.source.offset     its offset
 * facestream.dlq.source.timestamp  its timestamp, milliseconds since the epoch
 * facestream.dlq.original.bytes    the input value's size in bytes (more than the value's when cut)
 *       </pre></li>
 * </ul>
 * The whole record is therefore at most {@link #MAX_RECORD_BYTES}, far below Kafka's 1 MB default
 * {@code max.request.size} and {@code max.message.bytes} (see docs/reliability.md, "Size limits");
 * against a dead-letter topic configured smaller, the value is cut further to fit (see the
 * {@code of} with a limit).
 */
public final class DeadLetter {
    /** Bytes of the input value kept in the dead letter, at most. */
    public static final int MAX_PAYLOAD_BYTES = FaceCropRecord.MAX_BYTES;
    /** Characters of the input key kept, at most. */
    public static final int MAX_KEY_CHARS = FaceCropRecord.MAX_STREAM_ID_BYTES;
    /** Characters of the error message kept, at most. */
    public static final int MAX_ERROR_CHARS = 1000;

    public static final String REASON_HEADER = Topics.DLQ_REASON_HEADER;
    public static final String ERROR_HEADER = Topics.DLQ_ERROR_HEADER;
    public static final String SOURCE_TOPIC_HEADER = "facestream.dlq.source.topic";
    public static final String SOURCE_PARTITION_HEADER = "facestream.dlq.source.partition";
    public static final String SOURCE_OFFSET_HEADER = "facestream.dlq.source.offset";
    public static final String SOURCE_TIMESTAMP_HEADER = "facestream.dlq.source.timestamp";
    public static final String ORIGINAL_BYTES_HEADER = "facestream.dlq.original.bytes";

    /**
     * What Kafka adds to a lone record's key, value and headers on the wire, at most: the record
     * batch header (61 bytes) and the record's and its headers' length fields, rounded up.
     */
    public static final int FRAMING_BYTES = 160;
    /** Header bytes at most: names, a topic name (Kafka allows 249 characters), numbers, the message (UTF-8). */
    private static final int MAX_HEADER_BYTES = 7 * 40 + 249 + 4 * 20 + 32 + 4 * MAX_ERROR_CHARS;
    /**
     * A dead letter's size at most, counting key, value and headers (Kafka's record and batch
     * framing adds well under a hundred bytes more).
     */
    public static final int MAX_RECORD_BYTES = FRAMING_BYTES + 4 * MAX_KEY_CHARS + MAX_PAYLOAD_BYTES
            + MAX_HEADER_BYTES;

    private final String key;
    private final byte[] value;
    private final Map<String, String> headers;

    private DeadLetter(String key, byte[] value, Map<String, String> headers) {
        this.key = key;
        this.value = value;
        this.headers = headers;
    }

    /**
     * The dead letter for an input record.
     *
     * @param key       the input's key (may be null)
     * @param value     the input's value (may be null)
     * @param reason    why it was rejected
     * @param error     what was wrong (may be null)
     * @param topic     where it was read: topic, partition, offset; its timestamp
     */
    public static DeadLetter of(String key, byte[] value, WireFormatException.Reason reason, String error,
            String topic, int partition, long offset, long timestamp) {
        return of(key, value, reason, error, topic, partition, offset, timestamp, Integer.MAX_VALUE);
    }

    /**
     * The dead letter for an input record, its value cut further so that the whole record (with
     * Kafka's framing) stays within {@code maxRecordBytes}: the smaller of the dead-letter topic's
     * {@code max.message.bytes} and the producer's {@code max.request.size}, which the detector
     * reads at start. Null when not even the key and headers fit: the caller logs and skips.
     */
    public static DeadLetter of(String key, byte[] value, WireFormatException.Reason reason, String error,
            String topic, int partition, long offset, long timestamp, int maxRecordBytes) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(REASON_HEADER, reason.name());
        h.put(ERROR_HEADER, cut(String.valueOf(error), MAX_ERROR_CHARS));
        h.put(SOURCE_TOPIC_HEADER, String.valueOf(topic));
        h.put(SOURCE_PARTITION_HEADER, Integer.toString(partition));
        h.put(SOURCE_OFFSET_HEADER, Long.toString(offset));
        h.put(SOURCE_TIMESTAMP_HEADER, Long.toString(timestamp));
        h.put(ORIGINAL_BYTES_HEADER, Integer.toString(value == null ? 0 : value.length));
        String k = key == null ? null : cut(key, MAX_KEY_CHARS);
        long fixed = FRAMING_BYTES + (k == null ? 0 : bytes(k).length);
        for (Map.Entry<String, String> e : h.entrySet()) {
            fixed += bytes(e.getKey()).length + bytes(e.getValue()).length;
        }
        long room = Math.min(MAX_PAYLOAD_BYTES, maxRecordBytes - fixed);
        if (room < 0) {
            return null;
        }
        byte[] kept = value == null ? null
                : value.length <= room ? value : Arrays.copyOf(value, (int) room);
        return new DeadLetter(k, kept, h);
    }

    private static String cut(String s, int maxChars) {
        return s.length() <= maxChars ? s : s.substring(0, maxChars);
    }

    public String key() {
        return key;
    }

    /** The kept prefix of the input value. */
    public byte[] value() {
        return value;
    }

    /** Header name to text, in the order above. */
    public Map<String, String> headers() {
        return headers;
    }

    /** A header's value as UTF-8 bytes, as it goes on the Kafka record. */
    public static byte[] bytes(String headerValue) {
        return headerValue.getBytes(StandardCharsets.UTF_8);
    }
}
