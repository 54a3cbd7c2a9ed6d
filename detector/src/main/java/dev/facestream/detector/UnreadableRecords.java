package dev.facestream.detector;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's {@code deserialization.exception.handler}. The detector reads keys as strings and
 * values as raw bytes, which cannot fail; it decodes values itself and dead-letters what does not
 * decode ({@link DeadLetters}). Should a deserializer fail all the same (a future typed source,
 * a key that is not text under another deserializer), the record is logged with its coordinates,
 * counted ({@code facestream.detector.records.skipped}, reason {@value #UNREADABLE}) and skipped
 * rather than stopping the stream.
 */
public final class UnreadableRecords implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UnreadableRecords.class);
    /** The skip reason counted for a record that did not deserialize. */
    public static final String UNREADABLE = "unreadable";

    private DetectorCounters counters = new DetectorCounters();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(UnsendableRecords.COUNTERS_CONFIG) instanceof DetectorCounters c) {
            counters = c;
        }
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        LOG.error("cannot deserialize input {}-{}@{} ({} value bytes): {}; skipped", record.topic(),
                record.partition(), record.offset(), record.value() == null ? 0 : record.value().length,
                exception.toString());
        counters.skipped(UNREADABLE);
        return DeserializationHandlerResponse.CONTINUE;
    }
}
