package dev.facestream.core.wire;

/** Topic names and the headers the detector puts on dead-lettered records. */
public final class Topics {
    /** {@link FaceCropRecord} values keyed by stream id, written by the producer. */
    public static final String FACE_CROPS = "face-crops";
    /** {@link KeypointsRecord} JSON values keyed by stream id, written by the detector. */
    public static final String KEYPOINTS = "keypoints";
    /** Face-crop records the detector could not use, unchanged, with the headers below. */
    public static final String FACE_CROPS_DLQ = "face-crops-dlq";
    /** {@link ModelRecord} values keyed by model name, compacted: the models the detectors serve (docs/models.md). */
    public static final String MODELS = "models";

    /** Header on a dead-lettered record: the {@link WireFormatException.Reason} name. */
    public static final String DLQ_REASON_HEADER = "facestream.dlq.reason";
    /** Header on a dead-lettered record: the human-readable error message. */
    public static final String DLQ_ERROR_HEADER = "facestream.dlq.error";

    private Topics() {
    }
}
