package dev.facestream.core.wire;

import java.util.List;

/**
 * Facestream's topics, each spelled once, typed with the codec of its values, and the headers
 * the detector puts on dead-lettered records. {@link #ALL} is the one list of topics: the embedded
 * broker, topic creation on a cluster and the deploy check all take it from here.
 */
public final class Topics {
    /** {@link FaceCropRecord} values keyed by stream id, written by the producer. */
    public static final Topic<FaceCropRecord> FACE_CROPS_TOPIC = new Topic<>("face-crops",
            WireCodec.of(FaceCropRecord::encode, FaceCropRecord::decode), "face crops from the producer");
    /** {@link KeypointsRecord} JSON values keyed by stream id, written by the detector. */
    public static final Topic<KeypointsRecord> KEYPOINTS_TOPIC = new Topic<>("keypoints",
            WireCodec.of(KeypointsRecord::toJson, KeypointsRecord::fromJson), "keypoints from the detector");
    /**
     * Face-crop records the detector could not use, each as a bounded {@link DeadLetter} (a prefix of
     * the record, headers saying why and where it was read).
     */
    public static final Topic<byte[]> FACE_CROPS_DLQ_TOPIC = new Topic<>("face-crops-dlq", WireCodec.BYTES,
            "face-crop records the detector could not use (dead letters)");
    /**
     * {@link FaceReviewRecord} values keyed by stream id (as {@link #FACE_CROPS_TOPIC}): faces the
     * detector queued for a person to check, read by {@code facestream review} (docs/review.md).
     */
    public static final Topic<FaceReviewRecord> FACE_REVIEW_TOPIC = new Topic<>(Topics.FACE_REVIEW,
            WireCodec.of(FaceReviewRecord::encode, FaceReviewRecord::decode), "faces queued for review by the detector");

    /**
     * {@link ModelRecord} values keyed by model name: the models the detectors serve (docs/models.md).
     * Not in {@link #ALL}: it is not created like the stream topics (with the cluster's partition
     * count and default settings) but with one partition, compaction and room for a whole model,
     * by the registry's {@code ModelTopic} or deploy/kafka/create-topics.sh, and only when models
     * are followed; its name is an option ({@code --model-topic}), this is the default.
     */
    public static final Topic<ModelRecord> MODELS_TOPIC = new Topic<>(Topics.MODELS,
            WireCodec.of(ModelRecord::encode, ModelRecord::decode), "published models, compacted (one record a model name)");

    /** Every topic a pipeline needs, producer's first (the model topic apart: see {@link #MODELS_TOPIC}). */
    public static final List<Topic<?>> ALL = List.of(FACE_CROPS_TOPIC, KEYPOINTS_TOPIC, FACE_CROPS_DLQ_TOPIC,
            FACE_REVIEW_TOPIC);

    /**
     * The name of {@link #MODELS_TOPIC}, the default model topic; a constant expression, since
     * command-line option annotations quote it.
     */
    public static final String MODELS = "models";
    /** The name of {@link #FACE_CROPS_TOPIC}, for the Kafka APIs that take names. */
    public static final String FACE_CROPS = FACE_CROPS_TOPIC.name();
    /** The name of {@link #KEYPOINTS_TOPIC}. */
    public static final String KEYPOINTS = KEYPOINTS_TOPIC.name();
    /** The name of {@link #FACE_CROPS_DLQ_TOPIC}. */
    public static final String FACE_CROPS_DLQ = FACE_CROPS_DLQ_TOPIC.name();
    /**
     * The name of {@link #FACE_REVIEW_TOPIC}; a constant expression, since command-line option
     * annotations quote it ({@code review --topic}).
     */
    public static final String FACE_REVIEW = "face-review";

    /** Header on a dead-lettered record: the {@link WireFormatException.Reason} name. */
    public static final String DLQ_REASON_HEADER = "facestream.dlq.reason";
    /** Header on a dead-lettered record: the human-readable error message. */
    public static final String DLQ_ERROR_HEADER = "facestream.dlq.error";

    private Topics() {
    }

    /** The names of {@link #ALL}, for creating or checking the topics. */
    public static String[] allNames() {
        return ALL.stream().map(Topic::name).toArray(String[]::new);
    }
}
