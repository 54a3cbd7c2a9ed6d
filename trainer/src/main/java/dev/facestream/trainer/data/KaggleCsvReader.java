package dev.facestream.trainer.data;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.wire.LabelledCsv;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads Kaggle's {@code training.csv}: 30 coordinate columns named {@code left_eye_center_x},
 * ... (any order), and an {@code Image} column of 9216 space-separated pixels of a 96x96 crop.
 * Empty coordinate cells are missing labels (NaN) that the masked loss skips. Kaggle rows carry
 * no identity, so each row is its own "person" for the split; rows written by {@code facestream
 * review} carry {@code stream} and {@code track} columns ({@link LabelledCsv}), and their person is
 * the stream and track, so the frames of one face never straddle the split.
 */
public final class KaggleCsvReader {
    private static final int SIDE = 96;

    private KaggleCsvReader() {
    }

    public static FaceDataSet read(Path csv, boolean skipBad) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new DataFormatException(csv, 0, "file does not exist");
        }
        MessageDigest digest = Youtube68Reader.sha256();
        List<LabelledFace> faces = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new DataFormatException(csv, 1, "file is empty (expected a header with 30 keypoint columns and Image)");
            }
            String[] head = header.split(",", -1);
            Map<String, Integer> col = new HashMap<>();
            for (int i = 0; i < head.length; i++) {
                col.put(head[i].trim(), i);
            }
            int[] coordinateColumn = new int[Keypoint.COORDINATES];
            for (Keypoint k : Keypoint.values()) {
                for (int axis = 0; axis < 2; axis++) {
                    String name = k.key() + (axis == 0 ? "_x" : "_y");
                    Integer c = col.get(name);
                    if (c == null) {
                        throw new DataFormatException(csv, 1, "header has no column " + name);
                    }
                    coordinateColumn[2 * k.ordinal() + axis] = c;
                }
            }
            Integer imageColumn = col.get(LabelledCsv.IMAGE);
            if (imageColumn == null) {
                throw new DataFormatException(csv, 1, "header has no Image column");
            }
            Integer stream = col.get(LabelledCsv.STREAM);
            Integer track = col.get(LabelledCsv.TRACK);
            Integer frame = col.get(LabelledCsv.FRAME);
            int[] personColumns = stream != null && track != null
                    ? new int[] {stream, track, frame != null ? frame : -1} : null;
            CsvRows.readRows(in, digest, skipBad, faces, skipped,
                    (line, row) -> parse(csv, line, row, head, coordinateColumn, imageColumn, personColumns));
        }
        return new FaceDataSet(faces, skipped, HexFormat.of().formatHex(digest.digest()).substring(0, 16));
    }

    private static LabelledFace parse(Path csv, int line, String row, String[] head, int[] coordinateColumn,
            int imageColumn, int[] personColumns) throws DataFormatException {
        String[] cells = row.split(",", -1);
        if (cells.length != head.length) {
            throw new DataFormatException(csv, line, "expected " + head.length + " columns, found " + cells.length);
        }
        float[] xy = new float[Keypoint.COORDINATES];
        for (int i = 0; i < xy.length; i++) {
            String name = head[coordinateColumn[i]].trim();
            xy[i] = CsvRows.coordinate(csv, line, name, cells[coordinateColumn[i]], true);
            CsvRows.inRange(csv, line, name, xy[i], SIDE, 0.0);
        }
        byte[] pixels = CsvRows.pixels(csv, line, cells[imageColumn], SIDE);
        String id = csv.getFileName() + ":" + line;
        String person = id;
        if (personColumns != null) {
            person = CsvRows.person(csv, line, cells[personColumns[0]], cells[personColumns[1]]);
            if (personColumns[2] >= 0 && !cells[personColumns[2]].isBlank()) {
                // unique across files too, so that several relabelled folders can be trained on together
                id = person + "/" + LabelledCsv.FRAME + "=" + cells[personColumns[2]].trim();
            }
        }
        return new LabelledFace(id, person, new GrayImage(SIDE, SIDE, pixels), xy, true);
    }

    /** Kaggle images are already face crops; this box makes the crop rule reproduce them 1:1. */
    public static dev.facestream.core.crop.FaceBox identityBox() {
        float side = (float) (CropRule.SIZE / CropRule.SIDE_SCALE);
        float cy = (float) ((CropRule.SIZE - 1) / 2.0 - CropRule.CENTER_SHIFT * side);
        float c = (CropRule.SIZE - 1) / 2f;
        return new dev.facestream.core.crop.FaceBox(c - side / 2, cy - side / 2, side, side, 1f);
    }
}
