package dev.facestream.detector;

import dev.facestream.core.wire.Topics;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The detector's topology: one source, one processor, two sinks (three with a review queue).
 *
 * <pre>
 * face-crops (String stream id, binary FaceCropRecord)
 *   -> keypoints processor (micro-batch, predict on its own thread; store crop-buffer)
 *        -> keypoints       (String stream id, KeypointsRecord JSON)
 *        -> face-crops-dlq  (a bounded DeadLetter: reason, where it was read, a prefix)
 *        -> face-review     (String stream id, binary FaceReviewRecord; only with a review queue)
 * </pre>
 */
public final class KeypointsTopology {
    static final String SOURCE = "face-crops-source";
    static final String PROCESSOR = "keypoints-processor";
    static final String KEYPOINTS_SINK = "keypoints-sink";
    static final String DLQ_SINK = "dlq-sink";
    static final String REVIEW_SINK = "review-sink";
    /** The micro-batch buffer; changelogged, see {@link KeypointsProcessor}. */
    public static final String BUFFER_STORE = "crop-buffer";

    private KeypointsTopology() {
    }

    /**
     * How the processor batches crops (see {@link KeypointsProcessor}).
     *
     * @param maxBatch   crops per forward pass at most
     * @param maxWait    how long a crop may wait for its batch to fill
     * @param pipelined  forward passes on the task's own thread (see {@link KeypointsProcessor}); the
     *                   detector pipelines when batches hold more than one crop. With batch 1 the stream
     *                   is latency-first (live): a record's keypoints go out before the next is read
     * @param inputEnded turns true when the application knows no more crops will come, after which
     *                   partial batches run at once rather than after their max wait
     */
    public record Batching(int maxBatch, Duration maxWait, boolean pipelined, BooleanSupplier inputEnded) {
        public Batching {
            if (maxBatch < 1) {
                throw new IllegalArgumentException("--max-batch must be at least 1, got " + maxBatch);
            }
            if (maxWait.isNegative() || maxWait.isZero()) {
                throw new IllegalArgumentException("--max-wait must be positive, got " + maxWait.toMillis() + " ms");
            }
        }
    }

    /** The topology as the detector runs it, serving whatever model {@code models} holds at the start of each batch. */
    public static Topology build(ModelHolder models, Batching batching, DetectorCounters counters) {
        return build(models, batching, counters, 0, null);
    }

    /**
     * The same with a review queue: faces whose confidence is under {@code reviewBelow} are also
     * sent to {@link Topics#FACE_REVIEW} when {@code sampler} lets them (null, or {@code reviewBelow}
     * 0: no review queue and no sink for it).
     */
    public static Topology build(ModelHolder models, Batching batching, DetectorCounters counters,
            double reviewBelow, ReviewSampler sampler) {
        Topology t = new Topology();
        t.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.FACE_CROPS);
        ReviewSampler review = reviewBelow > 0 ? sampler : null;
        t.addProcessor(PROCESSOR, () -> new KeypointsProcessor(models, batching, counters, reviewBelow, review),
                SOURCE);
        // Cached: a crop put and deleted between two commits (nearly all of them) never reaches
        // the changelog in full, only as a small tombstone; what is still buffered at a commit is
        // flushed to the changelog before the commit's offsets (see KeypointsProcessor).
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BUFFER_STORE),
                Serdes.Long(), Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
        t.addSink(KEYPOINTS_SINK, Topics.KEYPOINTS, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                PROCESSOR);
        t.addSink(DLQ_SINK, Topics.FACE_CROPS_DLQ, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                PROCESSOR);
        if (review != null) {
            t.addSink(REVIEW_SINK, Topics.FACE_REVIEW, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                    PROCESSOR);
        }
        return t;
    }
}
