package dev.facestream.core.wire;

/**
 * A record that does not follow its wire format. The {@link #reason()} is stable (dead-letter
 * headers and counters use it); the message says what exactly was wrong.
 */
public final class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a record was rejected. */
    public enum Reason {
        /** Fewer bytes than the header or the declared payload needs. */
        TRUNCATED,
        /** More bytes than the declared payload, or more than the format's maximum. */
        OVERSIZED,
        /** Not a facestream record at all (wrong magic byte, or not JSON). */
        BAD_MAGIC,
        /** A facestream record of a format version this build does not read. */
        UNSUPPORTED_VERSION,
        /** Header fields that contradict the payload, e.g. pixel count != size * size. */
        MISMATCH,
        /** A field value that is out of range (negative size, empty stream id, ...). */
        INVALID
    }

    private final Reason reason;

    public WireFormatException(Reason reason, String message) {
        this(reason, message, null);
    }

    public WireFormatException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
