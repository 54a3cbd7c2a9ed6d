package dev.facestream.core.wire;

import dev.facestream.core.crop.GrayImage;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Function;

/**
 * The two-byte header every binary facestream record starts with, a magic byte naming the format
 * and its version, and the checks a decoder runs on it before parsing anything else: one place
 * for the four errors every binary format reports the same way. Also the square grey crop that
 * the crop and review records end with, read and checked the same way for both.
 *
 * @param magic    the format's first byte
 * @param version  the one version this build reads
 * @param maxBytes the largest valid record
 * @param name     what the record is called in error messages, e.g. "face crop record"
 */
record BinaryHeader(byte magic, int version, int maxBytes, String name) {

    /**
     * Checks {@code bytes}' header and size; the payload after the header, big-endian.
     *
     * @throws WireFormatException TRUNCATED (no header), BAD_MAGIC, UNSUPPORTED_VERSION or OVERSIZED
     */
    ByteBuffer open(byte[] bytes) {
        if (bytes == null || bytes.length < 2) {
            throw new WireFormatException(WireFormatException.Reason.TRUNCATED, name + " has "
                    + (bytes == null ? "no value" : bytes.length + " bytes") + ", not even a header");
        }
        if (bytes[0] != magic) {
            throw new WireFormatException(WireFormatException.Reason.BAD_MAGIC, String.format(
                    "not a %s: first byte is 0x%02X, expected 0x%02X", name, bytes[0] & 0xff, magic & 0xff));
        }
        int found = bytes[1] & 0xff;
        if (found != version) {
            throw new WireFormatException(WireFormatException.Reason.UNSUPPORTED_VERSION,
                    name + " format version " + found + " is not supported (this build reads " + version + ")");
        }
        if (bytes.length > maxBytes) {
            throw new WireFormatException(WireFormatException.Reason.OVERSIZED,
                    name + " is " + bytes.length + " bytes, more than the format's maximum " + maxBytes);
        }
        return ByteBuffer.wrap(bytes, 2, bytes.length - 2).order(ByteOrder.BIG_ENDIAN);
    }

    /**
     * A record read by {@code fields} from its payload, once {@link #open} has checked the header:
     * a payload that ends inside the fields is TRUNCATED, said the same way for every format.
     */
    <T> T decode(byte[] bytes, Function<ByteBuffer, T> fields) {
        ByteBuffer b = open(bytes);
        try {
            return fields.apply(b);
        } catch (BufferUnderflowException e) {
            throw new WireFormatException(WireFormatException.Reason.TRUNCATED,
                    name + " is truncated: " + bytes.length + " bytes end inside the header", e);
        }
    }

    /**
     * The square crop a record ends with: its side and pixel count as read from its header
     * ({@code side} at most {@code maxSide}), then its pixels, which must be the rest of {@code b}.
     *
     * @throws WireFormatException INVALID (side), MISMATCH (count against side), TRUNCATED or
     *                             OVERSIZED (bytes left against the count)
     */
    GrayImage readSquareCrop(ByteBuffer b, int side, int pixelCount, int maxSide) {
        if (side == 0 || side > maxSide) {
            throw new WireFormatException(WireFormatException.Reason.INVALID,
                    "crop side " + side + " is outside 1.." + maxSide);
        }
        if (pixelCount != side * side) {
            throw new WireFormatException(WireFormatException.Reason.MISMATCH, "pixel count " + pixelCount
                    + " does not match the crop side " + side + " (expected " + side * side + ")");
        }
        if (b.remaining() < pixelCount) {
            throw new WireFormatException(WireFormatException.Reason.TRUNCATED,
                    name + " ends after " + b.remaining() + " of " + pixelCount + " pixel bytes");
        }
        if (b.remaining() > pixelCount) {
            throw new WireFormatException(WireFormatException.Reason.OVERSIZED, name + " has "
                    + (b.remaining() - pixelCount) + " bytes after the " + pixelCount + " pixel bytes");
        }
        byte[] px = new byte[pixelCount];
        b.get(px);
        return new GrayImage(side, side, px);
    }
}
