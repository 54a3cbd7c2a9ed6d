package dev.facestream.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class CropBufferEntryTest {
    private static final byte[] RECORD = {(byte) 0xFC, 1, 0, 3, 'c', 'a', 'm', 9, 8, 7};

    @Test
    void versionOneRoundTrips() {
        byte[] bytes = new CropBufferEntry(1_735_689_600_123L, RECORD).encode();
        assertEquals(CropBufferEntry.MAGIC, bytes[0]);
        assertEquals(1, bytes[1]);
        CropBufferEntry back = CropBufferEntry.decode(bytes);
        assertEquals(1_735_689_600_123L, back.timestampMs());
        assertArrayEquals(RECORD, back.record());
    }

    /** A store value written before the format had a version: timestamp, then the record. */
    @Test
    void valuesInTheOldUnversionedLayoutAreStillRead() {
        byte[] old = ByteBuffer.allocate(8 + RECORD.length).putLong(1_735_689_600_123L).put(RECORD).array();
        CropBufferEntry e = CropBufferEntry.decode(old);
        assertEquals(1_735_689_600_123L, e.timestampMs());
        assertArrayEquals(RECORD, e.record());
        // Kafka's "no timestamp" (-1) starts with 0xFF, still the old layout
        byte[] noTimestamp = ByteBuffer.allocate(8 + RECORD.length).putLong(-1).put(RECORD).array();
        assertEquals(-1, CropBufferEntry.decode(noTimestamp).timestampMs());
        assertArrayEquals(RECORD, CropBufferEntry.decode(noTimestamp).record());
    }

    @Test
    void aLaterVersionOrATruncatedValueIsNamed() {
        byte[] later = new CropBufferEntry(5, RECORD).encode();
        later[1] = 2;
        WireFormatException v = assertThrows(WireFormatException.class, () -> CropBufferEntry.decode(later));
        assertEquals(WireFormatException.Reason.UNSUPPORTED_VERSION, v.reason());
        WireFormatException t = assertThrows(WireFormatException.class, () -> CropBufferEntry.decode(new byte[3]));
        assertEquals(WireFormatException.Reason.TRUNCATED, t.reason());
    }
}
