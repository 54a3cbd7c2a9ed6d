package dev.facestream.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Function;

/** Checks every binary record format's tests share. */
final class WireAssertions {
    private WireAssertions() {
    }

    /**
     * A record one byte over {@code maxBytes}, with a valid header, is rejected as OVERSIZED by
     * {@code decode} before its payload is read (the payload is all zeros).
     */
    static void oneByteOverTheMaximumIsOversized(int maxBytes, byte magic, int version,
            Function<byte[], ?> decode) {
        byte[] huge = new byte[maxBytes + 1];
        huge[0] = magic;
        huge[1] = (byte) version;
        WireFormatException e = assertThrows(WireFormatException.class, () -> decode.apply(huge));
        assertEquals(WireFormatException.Reason.OVERSIZED, e.reason());
    }
}
