package dev.facestream.trainer.data;

import java.nio.file.Path;

/** Shared cell parsing for the label readers: every error names file, line and column. */
final class CsvRows {
    private CsvRows() {
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
