package dev.facestream.detector;

import dev.facestream.core.wire.DeadLetter;
import dev.facestream.core.wire.WireFormatException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an input record the detector cannot use to the dead-letter sink as a bounded
 * {@link DeadLetter}: the reason, where the record was read, its size and a prefix of its value,
 * never more than {@link DeadLetter#MAX_RECORD_BYTES} nor than the limit the detector found for
 * the dead-letter topic at start ({@link DeadLetterLimit}), so a dead letter cannot fail for its
 * size the way a copy of a near-1-MB input did (issue 13). That has to be checked before sending:
 * under exactly-once a record the broker refuses aborts the whole transaction, whatever the
 * production exception handler answers, and the task would retry the same input forever. When
 * not even the dead letter's headers fit, the input is logged with its coordinates, counted
 * ({@code facestream.detector.records.skipped}, reason {@value UnsendableRecords#DLQ_NOT_WRITTEN})
 * and skipped.
 */
final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private final ProcessorContext<String, byte[]> context;
    private final String sink;
    private final DetectorCounters counters;
    private final int maxRecordBytes;

    DeadLetters(ProcessorContext<String, byte[]> context, String sink, DetectorCounters counters) {
        this.context = context;
        this.sink = sink;
        this.counters = counters;
        this.maxRecordBytes = context.appConfigs().get(DeadLetterLimit.CONFIG) instanceof Integer i
                ? i : Integer.MAX_VALUE;
    }

    void send(Record<String, byte[]> record, WireFormatException e) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        DeadLetter d = DeadLetter.of(record.key(), record.value(), e.reason(), e.getMessage(),
                source == null ? null : source.topic(), source == null ? -1 : source.partition(),
                source == null ? -1 : source.offset(), record.timestamp(), maxRecordBytes);
        if (d == null) {
            LOG.error("input {}-{}@{} ({} bytes) is unusable ({}: {}) and not even its dead letter's headers fit the"
                    + " dead-letter topic's {} bytes; the input is skipped", source == null ? "?" : source.topic(),
                    source == null ? -1 : source.partition(), source == null ? -1 : source.offset(),
                    record.value() == null ? 0 : record.value().length, e.reason(), e.getMessage(), maxRecordBytes);
            counters.skipped(UnsendableRecords.DLQ_NOT_WRITTEN);
            return;
        }
        Headers headers = new RecordHeaders();
        d.headers().forEach((name, text) -> headers.add(name, DeadLetter.bytes(text)));
        context.forward(new Record<>(d.key(), d.value(), record.timestamp(), headers), sink);
        counters.deadLettered(e.reason().name());
    }
}
