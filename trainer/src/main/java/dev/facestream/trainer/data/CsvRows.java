package dev.facestream.trainer.data;

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

    /** Parses one data row (1-based line number) into a face. */
    interface RowParser {
        LabelledFace parse(int line, String row) throws IOException;
    }

    /**
     * Reads the data rows after the header into {@code faces}, feeding each row to the data
     * fingerprint. A bad row stops the read, or with {@code skipBad} is recorded in {@code skipped}.
     */
    static void readRows(BufferedReader in, MessageDigest digest, boolean skipBad, List<LabelledFace> faces,
            List<String> skipped, RowParser parser) throws IOException {
        String row;
        int line = 1;
        while ((row = in.readLine()) != null) {
            line++;
            if (row.isBlank()) {
                continue;
            }
            digest.update(row.getBytes(StandardCharsets.UTF_8));
            try {
                faces.add(parser.parse(line, row));
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
}
