package dev.facestream.trainer.data;

import dev.facestream.core.wire.LabelledCsv;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/** Shared cell parsing for the label readers: every error names file, line and column. */
final class CsvRows {
    private CsvRows() {
    }

    /** Parses one data row (1-based line number) into a face or crop. */
    interface RowParser<T> {
        T parse(int line, String row) throws IOException;
    }

    /**
     * Reads the data rows after the header into {@code rows}, feeding each row to the data
     * fingerprint. A bad row stops the read, or with {@code skipBad} is recorded in {@code skipped}.
     */
    static <T> void readRows(BufferedReader in, MessageDigest digest, boolean skipBad, List<T> rows,
            List<String> skipped, RowParser<T> parser) throws IOException {
        readAll(in, skipBad, rows, skipped, parser, java.util.Objects.requireNonNull(digest, "digest"));
    }

    /** As above for rows that feed no fingerprint. */
    static <T> void readRows(BufferedReader in, boolean skipBad, List<T> rows, List<String> skipped,
            RowParser<T> parser) throws IOException {
        readAll(in, skipBad, rows, skipped, parser, null);
    }

    private static <T> void readAll(BufferedReader in, boolean skipBad, List<T> rows, List<String> skipped,
            RowParser<T> parser, MessageDigest digest) throws IOException {
        String row;
        int line = 1;
        while ((row = in.readLine()) != null) {
            line++;
            if (row.isBlank()) {
                continue;
            }
            if (digest != null) {
                digest.update(row.getBytes(StandardCharsets.UTF_8));
            }
            try {
                rows.add(parser.parse(line, row));
            } catch (IOException e) {
                if (!skipBad) {
                    throw e;
                }
                skipped.add(e.getMessage());
            }
        }
    }

    /** A coordinate cell: NaN when empty and {@code allowMissing}, else a finite number. */
    static float coordinate(Path file, int line, String column, String cell, boolean allowMissing)
            throws DataFormatException {
        String c = cell.trim();
        if (c.isEmpty()) {
            if (allowMissing) {
                return Float.NaN;
            }
            throw new DataFormatException(file, line, "column " + column + " is empty");
        }
        try {
            float v = Float.parseFloat(c);
            if (!Float.isFinite(v)) {
                throw new DataFormatException(file, line, "column " + column + ": '" + c + "' is not a finite number");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, line, "column " + column + ": '" + c + "' is not a number");
        }
    }

    /**
     * Checks that a coordinate lies on the image, allowing a margin of {@code slack} times the
     * image size on every side (jaw points of 68-point labels may fall just outside the frame).
     */
    static void inRange(Path file, int line, String column, float v, int size, double slack)
            throws DataFormatException {
        if (Float.isNaN(v)) {
            return;
        }
        double lo = -slack * size;
        double hi = (size - 1) + slack * size;
        if (v < lo || v > hi) {
            throw new DataFormatException(file, line, "column " + column + ": coordinate " + v
                    + " is outside the " + size + " px image");
        }
    }

    /** The {@code Image} cell of a Kaggle-layout row: {@code side x side} space-separated gray values. */
    static byte[] pixels(Path file, int line, String cell, int side) throws DataFormatException {
        String[] px = cell.trim().split("\\s+");
        if (px.length != side * side) {
            throw new DataFormatException(file, line, "column Image has " + px.length + " pixels, expected "
                    + side * side + " (" + side + "x" + side + ")");
        }
        byte[] pixels = new byte[px.length];
        for (int i = 0; i < px.length; i++) {
            int v;
            try {
                v = Integer.parseInt(px[i]);
            } catch (NumberFormatException e) {
                throw new DataFormatException(file, line, "column Image, pixel " + i + ": '" + px[i] + "' is not an integer");
            }
            if (v < 0 || v > 255) {
                throw new DataFormatException(file, line, "column Image, pixel " + i + ": " + v + " is outside 0-255");
            }
            pixels[i] = (byte) v;
        }
        return pixels;
    }

    /** The person of a row with {@code stream} and {@code track} cells ({@link LabelledCsv#person}); both must be given. */
    static String person(Path file, int line, String streamCell, String trackCell) throws DataFormatException {
        String stream = streamCell.trim();
        String track = trackCell.trim();
        if (stream.isEmpty() || track.isEmpty()) {
            throw new DataFormatException(file, line, "columns stream and track must both be given (they say"
                    + " whose face it is, for the split by person)");
        }
        return LabelledCsv.person(stream, track);
    }
}
