package dev.facestream.trainer.data;

import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.wire.LabelledCsv;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code negatives.csv}, the crops {@code facestream review} wrote for "not a face"
 * ({@link LabelledCsv#negativesHeader()}: {@code stream,track,frame,Image}, columns found by name).
 * Every error names the file, line and what is wrong, as {@link KaggleCsvReader}'s do.
 */
public final class NegativesCsvReader {
    /** The file's name beside {@code training.csv} in a labelled folder. */
    public static final String FILE = "negatives.csv";

    private NegativesCsvReader() {
    }

    /** Crops read from one negatives file, and the problems of the rows skipped under {@code --skip-bad}. */
    public record NegativeSet(List<NegativeCrop> crops, List<String> skipped) {
        public static final NegativeSet NONE = new NegativeSet(List.of(), List.of());
    }

    /** The negatives beside a data folder's labels, or none when the location has no {@value #FILE}. */
    public static NegativeSet besides(Path location, boolean skipBad) throws IOException {
        Path csv = location.resolve(FILE);
        return Files.isDirectory(location) && Files.isRegularFile(csv) ? read(csv, skipBad) : NegativeSet.NONE;
    }

    public static NegativeSet read(Path csv, boolean skipBad) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new DataFormatException(csv, 0, "file does not exist");
        }
        List<NegativeCrop> crops = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new DataFormatException(csv, 1, "file is empty (expected the header "
                        + LabelledCsv.negativesHeader() + ")");
            }
            String[] head = header.split(",", -1);
            Map<String, Integer> col = new HashMap<>();
            for (int i = 0; i < head.length; i++) {
                col.put(head[i].trim(), i);
            }
            for (String needed : List.of(LabelledCsv.STREAM, LabelledCsv.TRACK, LabelledCsv.IMAGE)) {
                if (!col.containsKey(needed)) {
                    throw new DataFormatException(csv, 1, "header has no column " + needed + " (expected "
                            + LabelledCsv.negativesHeader() + ")");
                }
            }
            // the negatives feed no fingerprint: they move the confidence head only, which the model's
            // metadata and confidence report describe
            CsvRows.readRows(in, skipBad, crops, skipped,
                    (line, row) -> parse(csv, line, row, head.length, col));
        }
        return new NegativeSet(List.copyOf(crops), List.copyOf(skipped));
    }

    private static NegativeCrop parse(Path csv, int line, String row, int columns, Map<String, Integer> col)
            throws DataFormatException {
        String[] cells = row.split(",", -1);
        if (cells.length != columns) {
            throw new DataFormatException(csv, line, "expected " + columns + " columns, found " + cells.length);
        }
        String streamCell = cells[col.get(LabelledCsv.STREAM)];
        String person = CsvRows.person(csv, line, streamCell, cells[col.get(LabelledCsv.TRACK)]);
        byte[] pixels = CsvRows.pixels(csv, line, cells[col.get(LabelledCsv.IMAGE)], LabelledCsv.SIDE);
        Integer frame = col.get(LabelledCsv.FRAME);
        String id = frame != null && !cells[frame].isBlank()
                ? person + "/" + LabelledCsv.FRAME + "=" + cells[frame].trim() : csv.getFileName() + ":" + line;
        String stream;
        try {
            stream = URLDecoder.decode(streamCell.trim(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(csv, line, "column stream: '" + streamCell.trim()
                    + "' is not URL-encoded (" + e.getMessage() + ")");
        }
        return new NegativeCrop(id, person, stream, new GrayImage(LabelledCsv.SIDE, LabelledCsv.SIDE, pixels));
    }
}
