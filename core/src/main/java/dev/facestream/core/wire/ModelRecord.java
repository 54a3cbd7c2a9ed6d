package dev.facestream.core.wire;

import dev.facestream.core.crop.CropRule;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One published model, the value of the model topic ({@link Topics#MODELS}), keyed by the model's
 * name ({@code default} unless told otherwise). The newest record of a name is the model the
 * detectors serve; the topic is compacted, so older ones go once a newer one exists.
 *
 * <h2>Binary layout, format version {@value #VERSION}</h2>
 * Big-endian; five sections in this order, each a u32 byte length followed by the bytes, and
 * nothing after the last:
 *
 * <pre>
 * offset  type     field
 * 0       u8       magic 0xFD (like the face crop's 0xFC, never the first byte of UTF-8 text)
 * 1       u8       format version ({@value #VERSION})
 * 2       section  metadata.json of the model directory (UTF-8 JSON, required), with a "probe" object
 * ..      section  keypoints-0000.params, the DJL weights (required)
 * ..      section  report.json (may be empty)
 * ..      section  MODEL_CARD.md (may be empty)
 * ..      section  probe crop: 96 x 96 8-bit gray pixels, row-major (required by the detectors, see docs/models.md)
 * </pre>
 *
 * The record carries {@link Headers} beside the value: the model version, the SHA-256 of the
 * weights section, when and from which host it was published. The whole value is at most
 * {@value #MAX_BYTES} bytes (the model topic's {@code max.message.bytes} leaves room for the key,
 * the headers and the batch overhead; docs/models.md says why one record and not chunks).
 *
 * @param metadata the directory's {@code metadata.json}, as published
 * @param weights  the parameter file
 * @param report   {@code report.json}, empty when the directory has none
 * @param card     {@code MODEL_CARD.md}, empty when the directory has none
 * @param probe    the probe crop's pixels, {@link CropRule#SIZE} squared bytes, or empty
 */
public record ModelRecord(byte[] metadata, byte[] weights, byte[] report, byte[] card, byte[] probe) {
    public static final byte MAGIC = (byte) 0xFD;
    public static final int VERSION = 1;
    /** The largest value this build writes or reads: 60 MiB. */
    public static final int MAX_BYTES = 60 * 1024 * 1024;
    private static final BinaryHeader FORMAT = new BinaryHeader(MAGIC, VERSION, MAX_BYTES, "model record");
    private static final int SECTIONS = 5;
    private static final String[] SECTION_NAMES = {"metadata", "weights", "report", "card", "probe"};

    /** Header: the model version, UTF-8 (the metadata's {@code model_version}). */
    public static final String VERSION_HEADER = "facestream.model.version";
    /** Header: lower-case hex SHA-256 of the weights section. */
    public static final String SHA256_HEADER = "facestream.model.sha256";
    /** Header: when it was published, ISO-8601 UTC ({@link java.time.Instant#toString()}). */
    public static final String PUBLISHED_AT_HEADER = "facestream.model.published_at";
    /** Header: the host name of the publishing machine. */
    public static final String HOST_HEADER = "facestream.model.host";

    public ModelRecord {
        report = report == null ? new byte[0] : report;
        card = card == null ? new byte[0] : card;
        probe = probe == null ? new byte[0] : probe;
        if (metadata == null || metadata.length == 0) {
            throw new WireFormatException(WireFormatException.Reason.INVALID, "model record has no metadata");
        }
        if (weights == null || weights.length == 0) {
            throw new WireFormatException(WireFormatException.Reason.INVALID, "model record has no weights");
        }
        if (probe.length != 0 && probe.length != CropRule.SIZE * CropRule.SIZE) {
            throw new WireFormatException(WireFormatException.Reason.MISMATCH, "probe crop has " + probe.length
                    + " bytes, expected " + CropRule.SIZE + " x " + CropRule.SIZE + " = " + CropRule.SIZE * CropRule.SIZE);
        }
    }

    /** The headers a record carries beside its value; see the constants above. */
    public record Headers(String version, String sha256, String publishedAt, String host) {
        /** The headers as Kafka wants them, in a fixed order. */
        public Map<String, byte[]> toBytes() {
            Map<String, byte[]> m = new LinkedHashMap<>();
            m.put(VERSION_HEADER, utf8(version));
            m.put(SHA256_HEADER, utf8(sha256));
            m.put(PUBLISHED_AT_HEADER, utf8(publishedAt));
            m.put(HOST_HEADER, utf8(host));
            return m;
        }

        /**
         * Reads the headers (the last value of each name counts).
         *
         * @throws WireFormatException INVALID naming the missing header
         */
        public static Headers fromBytes(Map<String, byte[]> headers) {
            return new Headers(required(headers, VERSION_HEADER), required(headers, SHA256_HEADER),
                    required(headers, PUBLISHED_AT_HEADER), required(headers, HOST_HEADER));
        }

        private static String required(Map<String, byte[]> headers, String name) {
            byte[] v = headers.get(name);
            if (v == null || v.length == 0) {
                throw new WireFormatException(WireFormatException.Reason.INVALID,
                        "model record has no header " + name);
            }
            return new String(v, StandardCharsets.UTF_8);
        }

        private static byte[] utf8(String s) {
            return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Size of the encoded value. */
    public int encodedSize() {
        return 2 + SECTIONS * 4 + metadata.length + weights.length + report.length + card.length + probe.length;
    }

    /**
     * The record in the binary layout above.
     *
     * @throws WireFormatException OVERSIZED when it would exceed {@link #MAX_BYTES}
     */
    public byte[] encode() {
        long size = 2L + SECTIONS * 4 + metadata.length + weights.length + report.length + card.length + probe.length;
        if (size > MAX_BYTES) {
            throw new WireFormatException(WireFormatException.Reason.OVERSIZED, "model record would be " + size
                    + " bytes, more than the format's maximum " + MAX_BYTES + " (see docs/models.md)");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.BIG_ENDIAN);
        b.put(MAGIC).put((byte) VERSION);
        for (byte[] s : new byte[][] {metadata, weights, report, card, probe}) {
            b.putInt(s.length).put(s);
        }
        return b.array();
    }

    /**
     * Parses a record value.
     *
     * @throws WireFormatException TRUNCATED, OVERSIZED, BAD_MAGIC, UNSUPPORTED_VERSION, MISMATCH or
     *                             INVALID, the message naming the section
     */
    public static ModelRecord decode(byte[] bytes) {
        ByteBuffer b = FORMAT.open(bytes);
        byte[][] sections = new byte[SECTIONS][];
        for (int i = 0; i < SECTIONS; i++) {
            int length;
            try {
                length = b.getInt();
            } catch (BufferUnderflowException e) {
                throw new WireFormatException(WireFormatException.Reason.TRUNCATED, "model record of " + bytes.length
                        + " bytes ends before the length of its " + SECTION_NAMES[i] + " section", e);
            }
            if (length < 0 || length > b.remaining()) {
                throw new WireFormatException(WireFormatException.Reason.TRUNCATED, "model record's "
                        + SECTION_NAMES[i] + " section says " + (length & 0xffffffffL) + " bytes but "
                        + b.remaining() + " remain");
            }
            sections[i] = new byte[length];
            b.get(sections[i]);
        }
        if (b.hasRemaining()) {
            throw new WireFormatException(WireFormatException.Reason.OVERSIZED,
                    "model record has " + b.remaining() + " bytes after its last section");
        }
        return new ModelRecord(sections[0], sections[1], sections[2], sections[3], sections[4]);
    }

    /** Lower-case hex SHA-256 of the weights, as in {@link #SHA256_HEADER}. */
    public String weightsSha256() {
        return sha256(weights);
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Checks the weights against the header's checksum.
     *
     * @throws WireFormatException MISMATCH naming both checksums
     */
    public void verify(Headers headers) {
        String actual = weightsSha256();
        if (!actual.equalsIgnoreCase(headers.sha256())) {
            throw new WireFormatException(WireFormatException.Reason.MISMATCH, "weights of model "
                    + headers.version() + " have SHA-256 " + actual + " but the record's header says " + headers.sha256());
        }
    }
}
