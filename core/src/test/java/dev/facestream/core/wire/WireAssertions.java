package dev.facestream.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.CropRule;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.util.Arrays;
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

    /**
     * Every component of {@code to} that {@code from} has by the same name is equal to
     * {@code from}'s: arrays by content, records component by component (a decoded record against
     * the one encoded, or a record against the one it was made from).
     */
    static void sameComponents(Record from, Record to) {
        for (RecordComponent c : to.getClass().getRecordComponents()) {
            RecordComponent source = Arrays.stream(from.getClass().getRecordComponents())
                    .filter(f -> f.getName().equals(c.getName())).findFirst().orElse(null);
            if (source != null) {
                sameValue(from.getClass().getSimpleName() + "." + c.getName(), value(source, from), value(c, to));
            }
        }
    }

    private static void sameValue(String name, Object expected, Object actual) {
        if (expected instanceof Record e && actual instanceof Record a && e.getClass() == a.getClass()) {
            for (RecordComponent c : e.getClass().getRecordComponents()) {
                sameValue(name + "." + c.getName(), value(c, e), value(c, a));
            }
        } else if (expected != null && expected.getClass().isArray()) {
            assertTrue(Arrays.deepEquals(new Object[] {expected}, new Object[] {actual}), name + " differs");
        } else {
            assertEquals(expected, actual, name);
        }
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
    }

    /**
     * An encoded record whose pixel count (the i32 just before its crop's pixels) says
     * {@code count} is refused by {@code decode} as MISMATCH, the message naming the count.
     */
    static void pixelCountOtherThanTheSideIsAMismatch(byte[] encoded, int count, Function<byte[], ?> decode) {
        ByteBuffer.wrap(encoded).putInt(encoded.length - CropRule.SIZE * CropRule.SIZE - 4, count);
        WireFormatException e = assertThrows(WireFormatException.class, () -> decode.apply(encoded));
        assertEquals(WireFormatException.Reason.MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("pixel count " + count), e.getMessage());
    }
}
