package dev.facestream.registry;

import dev.facestream.core.wire.WireFormatException;

/**
 * A published model (or a directory about to be published) that must not be served. The
 * {@link #reason()} is stable: it is the {@code reason} label of
 * {@code facestream_model_rejected_total}; the message names the model and what is wrong.
 */
public final class ModelRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a model was rejected (docs/models.md, "Checks"). */
    public enum Reason {
        /** The record is shorter than its header or a section says. */
        TRUNCATED,
        /** The record is larger than the format's or the topic's maximum, or has bytes after its last section. */
        OVERSIZED,
        /** Not a model record (wrong magic byte), or a record of a format version this build does not read. */
        NOT_A_MODEL,
        /** A header is missing, or a section is empty or of the wrong size. */
        INVALID,
        /** The weights do not have the SHA-256 the record's header says. */
        CHECKSUM,
        /** metadata.json is unreadable, or of a model directory format this build does not read. */
        METADATA,
        /** The metadata names a network architecture this build does not have. */
        ARCHITECTURE,
        /** The keypoint names differ from this build's, in names or order. */
        KEYPOINTS,
        /** The model was trained on another crop rule than the one this build crops with. */
        CROP_RULE,
        /** The model reads another input size than this build's crops. */
        INPUT_SIZE,
        /** The weights do not load into the architecture. */
        WEIGHTS,
        /** The warm-up forward pass failed. */
        WARM_UP,
        /** The probe crop is missing, or its output differs from the one in the metadata. */
        PROBE
    }

    private final Reason reason;

    public ModelRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ModelRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The model reason of a record that does not follow the wire format. */
    static ModelRejectedException of(WireFormatException e, String what) {
        Reason r = switch (e.reason()) {
            case TRUNCATED -> Reason.TRUNCATED;
            case OVERSIZED -> Reason.OVERSIZED;
            case BAD_MAGIC, UNSUPPORTED_VERSION -> Reason.NOT_A_MODEL;
            case MISMATCH, INVALID -> Reason.INVALID;
        };
        return new ModelRejectedException(r, what + ": " + e.getMessage(), e);
    }

    public Reason reason() {
        return reason;
    }
}
