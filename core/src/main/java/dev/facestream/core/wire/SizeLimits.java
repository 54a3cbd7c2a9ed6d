package dev.facestream.core.wire;

import java.util.Map;

/**
 * Every record size limit of the pipeline, in one place; docs/reliability.md ("Size limits")
 * explains them and {@code SizeLimitsTest} checks they fit together. From small to large:
 *
 * <pre>
 * FaceCropRecord.MAX_BYTES      the largest valid crop record; anything longer is dead-lettered OVERSIZED
 * FaceReviewRecord.MAX_BYTES    the largest valid review record (a crop, its keypoints and three short texts)
 * DeadLetter.MAX_RECORD_BYTES   the largest dead letter (a bounded prefix of the input, reasons in headers)
 * PRODUCER_MAX_REQUEST_BYTES    max.request.size of the producer and of the detector's producer
 * TOPIC_MAX_MESSAGE_BYTES       max.message.bytes of face-crops, keypoints, face-crops-dlq and face-review, as created
 *                               by the embedded broker, --create-topics, deploy/kafka/create-topics.sh;
 *                               compose's broker sets message.max.bytes to it too
 * CONSUMER_MAX_PARTITION_FETCH_BYTES  max.partition.fetch.bytes of every facestream consumer
 * </pre>
 *
 * The topic and request limits are Kafka's own defaults, stated rather than implied, so that a
 * broker with other defaults does not change them behind the product's back. They are far above
 * a crop on purpose: a record between a crop's maximum and the topic limit still reaches the
 * detector, which dead-letters it (the drill of issue 13: 1,048,400 bytes); a record above the
 * topic limit is refused to whoever sends it.
 */
public final class SizeLimits {
    /** {@code max.message.bytes} of the facestream topics (Kafka's broker default {@code message.max.bytes}). */
    public static final int TOPIC_MAX_MESSAGE_BYTES = 1_048_588;
    /** {@code max.request.size} of facestream's producers (Kafka's default). */
    public static final int PRODUCER_MAX_REQUEST_BYTES = 1_048_576;
    /** {@code max.partition.fetch.bytes} of facestream's consumers: a whole record batch of the topic limit. */
    public static final int CONSUMER_MAX_PARTITION_FETCH_BYTES = TOPIC_MAX_MESSAGE_BYTES;

    /** The Kafka property names (core does not depend on the Kafka client). */
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String MAX_REQUEST_SIZE = "max.request.size";
    public static final String MAX_PARTITION_FETCH_BYTES = "max.partition.fetch.bytes";

    private SizeLimits() {
    }

    /** Topic-level configs every facestream topic is created with. */
    public static Map<String, String> topicConfig() {
        return Map.of(MAX_MESSAGE_BYTES, Integer.toString(TOPIC_MAX_MESSAGE_BYTES));
    }
}
