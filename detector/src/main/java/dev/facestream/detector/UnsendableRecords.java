package dev.facestream.detector;

import dev.facestream.core.wire.Topics;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's {@code production.exception.handler}: what happens when the broker refuses a
 * record the detector sends.
 *
 * <ul>
 *   <li>A dead letter ({@link Topics#FACE_CROPS_DLQ}) is already the last resort for a record that
 *       cannot be used; if it cannot be written either (a DLQ topic configured below
 *       {@code DeadLetter.MAX_RECORD_BYTES}, say), the input is logged with its coordinates,
 *       counted ({@code facestream.detector.records.skipped}, reason {@value #DLQ_NOT_WRITTEN}) and
 *       skipped, so that one record cannot stop the stream.</li>
 *   <li>Anything else (keypoints, changelog) fails the task: dropping it would lose an answer
 *       silently; the transaction aborts and the uncaught-exception handler decides
 *       ({@link StreamFailures}).</li>
 * </ul>
 */
public final class UnsendableRecords implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UnsendableRecords.class);
    /** The config key under which the detector hands its {@link DetectorCounters} to the handler. */
    static final String COUNTERS_CONFIG = "facestream.detector.counters";
    /** The skip reason counted for a dead letter that could not be written. */
    public static final String DLQ_NOT_WRITTEN = "dlq_not_written";

    private DetectorCounters counters = new DetectorCounters();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(COUNTERS_CONFIG) instanceof DetectorCounters c) {
            counters = c;
        }
    }

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        if (!Topics.FACE_CROPS_DLQ.equals(record.topic())) {
            LOG.error("cannot write a record to {} for input {}: {}", record.topic(), coordinates(context),
                    exception.toString());
            return ProductionExceptionHandlerResponse.FAIL;
        }
        LOG.error("cannot write the dead letter ({} bytes) of input {} to {}: {}; the input is skipped",
                record.value() == null ? 0 : record.value().length, coordinates(context), record.topic(),
                exception.toString());
        counters.skipped(DLQ_NOT_WRITTEN);
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    static String coordinates(ErrorHandlerContext c) {
        return c == null ? "(unknown)" : c.topic() + "-" + c.partition() + "@" + c.offset() + " (timestamp "
                + c.timestamp() + ")";
    }
}
