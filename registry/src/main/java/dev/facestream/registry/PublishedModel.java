package dev.facestream.registry;

import dev.facestream.core.wire.ModelRecord;
import dev.facestream.core.wire.WireFormatException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of the model topic as it was read, not yet decoded or checked: a bad one is still
 * listed ({@code facestream models}) and rejected with its reason ({@link ModelChecks}).
 *
 * @param name        the record key
 * @param offset      its offset in the topic (one partition: later is newer)
 * @param timestampMs the record's timestamp (the publisher's send time)
 * @param headers     its headers, the last value of each name
 * @param value       its value, null for a tombstone
 */
public record PublishedModel(String name, long offset, long timestampMs, Map<String, byte[]> headers, byte[] value) {

    public static PublishedModel of(ConsumerRecord<String, byte[]> r) {
        Map<String, byte[]> h = new LinkedHashMap<>();
        for (Header header : r.headers()) {
            h.put(header.key(), header.value());
        }
        return new PublishedModel(r.key(), r.offset(), r.timestamp(), h, r.value());
    }

    /** For messages: the name, the version header if any, the offset. */
    public String describe() {
        byte[] v = headers.get(ModelRecord.VERSION_HEADER);
        return "model " + name + (v == null ? "" : " " + new String(v, java.nio.charset.StandardCharsets.UTF_8))
                + " (offset " + offset + ")";
    }

    /** The headers, parsed. */
    public ModelRecord.Headers parsedHeaders() throws ModelRejectedException {
        try {
            return ModelRecord.Headers.fromBytes(headers);
        } catch (WireFormatException e) {
            throw ModelRejectedException.of(e, describe());
        }
    }

    /** The value decoded and its weights checked against the header's SHA-256. */
    public ModelRecord decode() throws ModelRejectedException {
        ModelRecord.Headers h = parsedHeaders();
        ModelRecord record;
        try {
            record = ModelRecord.decode(value);
        } catch (WireFormatException e) {
            throw ModelRejectedException.of(e, describe());
        }
        try {
            record.verify(h);
        } catch (WireFormatException e) {
            throw new ModelRejectedException(ModelRejectedException.Reason.CHECKSUM, describe() + ": " + e.getMessage(), e);
        }
        return record;
    }
}
