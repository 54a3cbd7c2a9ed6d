package dev.facestream.trainer.data;

import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.Landmarks68;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a 68-point folder: {@code keypoints.csv} ({@code image,x0,y0,...,x67,y67}) beside an
 * {@code images/} folder, as in {@code shared/data/youtube-faces-68}. Each face is projected onto
 * the 15 Kaggle keypoints. The person is the file name without its trailing {@code _NN.png}.
 */
public final class Youtube68Reader {
    public static final String LABELS = "keypoints.csv";
    public static final String IMAGES = "images";
    private static final Pattern FRAME_SUFFIX = Pattern.compile("_\\d+\\.[A-Za-z]+$");
    /** Labels may lie outside the frame by up to this fraction of its size (jaw points do). */
    private static final double SLACK = 0.25;

    private Youtube68Reader() {
    }

    public static boolean accepts(Path dir) {
        return Files.isRegularFile(dir.resolve(LABELS)) && Files.isDirectory(dir.resolve(IMAGES));
    }

    public static String personOf(String fileName) {
        return FRAME_SUFFIX.matcher(fileName).replaceFirst("");
    }

    public static FaceDataSet read(Path dir, boolean skipBad) throws IOException {
        Path csv = dir.resolve(LABELS);
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir, 0, "data folder does not exist");
        }
        if (!Files.isRegularFile(csv)) {
            throw new DataFormatException(dir, 0, "data folder has no " + LABELS);
        }
        MessageDigest digest = sha256();
        List<LabelledFace> faces = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int expected = 1 + 2 * Landmarks68.COUNT;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new DataFormatException(csv, 1, "file is empty (expected a header image,x0,y0,...)");
            }
            String[] head = header.split(",", -1);
            if (head.length != expected || !head[0].trim().equals("image")) {
                throw new DataFormatException(csv, 1, "header has " + head.length + " columns, expected "
                        + expected + " (image,x0,y0,...,x67,y67)");
            }
            CsvRows.readRows(in, digest, skipBad, faces, skipped, (line, row) -> parse(dir, csv, line, row, head));
        }
        for (LabelledFace f : faces) {
            digest.update((f.id() + ":" + f.image().width() + "x" + f.image().height()).getBytes(StandardCharsets.UTF_8));
        }
        return new FaceDataSet(faces, skipped, HexFormat.of().formatHex(digest.digest()).substring(0, 16));
    }

    private static LabelledFace parse(Path dir, Path csv, int line, String row, String[] head) throws IOException {
        String[] cells = row.split(",", -1);
        if (cells.length != head.length) {
            throw new DataFormatException(csv, line, "expected " + head.length + " columns (image + 68 x,y pairs), found "
                    + cells.length);
        }
        String name = cells[0].trim();
        Path imageFile = dir.resolve(IMAGES).resolve(name);
        if (name.isEmpty() || !Files.isRegularFile(imageFile)) {
            throw new DataFormatException(csv, line, "image '" + name + "' does not exist in " + dir.resolve(IMAGES));
        }
        GrayImage image;
        try {
            image = Images.readGray(imageFile);
        } catch (IOException e) {
            throw new DataFormatException(csv, line, e.getMessage());
        }
        float[] xy = new float[2 * Landmarks68.COUNT];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = CsvRows.coordinate(csv, line, head[i + 1], cells[i + 1], false);
            CsvRows.inRange(csv, line, head[i + 1], xy[i], i % 2 == 0 ? image.width() : image.height(), SLACK);
        }
        return new LabelledFace(name, personOf(name), image, Landmarks68.toKaggle15(xy), false, xy);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
