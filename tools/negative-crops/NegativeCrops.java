import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.wire.LabelledCsv;
import dev.facestream.trainer.data.LabelledFace;
import dev.facestream.trainer.data.Youtube68Reader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a labelled folder of "not a face" crops cut from the background of a 68-point folder's
 * frames: a header-only training.csv and a negatives.csv as facestream review writes them, with
 * stream = the face's person so that the trainer's split by person puts each crop on its person's
 * side. Measurement only (docs/confidence.md); not built by Maven.
 *
 * Usage: NegativeCrops DATA_DIR OUT_DIR [PER_PERSON=4] [SEED=7]
 */
public final class NegativeCrops {
    /** Smallest background square (image pixels): below it the crop is a blur of a few pixels. */
    private static final int MIN_SIDE = 24;
    private static final int TRIES = 400;

    public static void main(String[] a) throws Exception {
        Path data = Path.of(a[0]);
        Path out = Path.of(a[1]);
        int perPerson = a.length > 2 ? Integer.parseInt(a[2]) : 4;
        Random rng = new Random(a.length > 3 ? Long.parseLong(a[3]) : 7);
        Map<String, List<LabelledFace>> byPerson = new LinkedHashMap<>();
        for (LabelledFace f : Youtube68Reader.read(data, false).faces()) {
            byPerson.computeIfAbsent(f.person(), p -> new ArrayList<>()).add(f);
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("training.csv"), LabelledCsv.header() + "\n", StandardCharsets.UTF_8);
        int written = 0;
        int frames = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("negatives.csv"), StandardCharsets.UTF_8)) {
            w.write(LabelledCsv.negativesHeader() + "\n");
            for (var e : byPerson.entrySet()) {
                List<LabelledFace> faces = e.getValue();
                for (int i = 0; i < perPerson; i++) {
                    // frames spread over the person's clip, one background crop each
                    int frame = (int) ((i + 0.5) * faces.size() / perPerson);
                    LabelledFace f = faces.get(Math.min(frame, faces.size() - 1));
                    frames++;
                    GrayImage crop = background(f, rng);
                    if (crop != null) {
                        w.write(LabelledCsv.negativeRow(e.getKey(), 0, frame, crop.pixels()) + "\n");
                        written++;
                    }
                }
            }
        }
        System.out.printf("%d negatives from %d frames of %d persons written to %s%n", written, frames,
                byPerson.size(), out);
    }

    /**
     * A square of the frame that does not touch the face: the 68 points' bounding box, raised by a
     * third of its height for the forehead and widened by a tenth on each side. Its side is 35-80 % of
     * the face's; it is cut by the product's crop rule, as if the detector had boxed it.
     */
    static GrayImage background(LabelledFace f, Random rng) {
        float[] p = f.landmarks68();
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (int i = 0; i < p.length; i += 2) {
            x0 = Math.min(x0, p[i]);
            x1 = Math.max(x1, p[i]);
            y0 = Math.min(y0, p[i + 1]);
            y1 = Math.max(y1, p[i + 1]);
        }
        double w = x1 - x0;
        double h = y1 - y0;
        x0 -= 0.1 * w;
        x1 += 0.1 * w;
        y0 -= h / 3;
        double face = Math.max(w, h);
        int width = f.image().width();
        int height = f.image().height();
        for (int t = 0; t < TRIES; t++) {
            double side = Math.max(MIN_SIDE, face * (0.35 + 0.45 * rng.nextDouble()));
            if (side > Math.min(width, height)) {
                continue;
            }
            double x = rng.nextDouble() * (width - side);
            double y = rng.nextDouble() * (height - side);
            boolean apart = x + side <= x0 || x >= x1 || y + side <= y0 || y >= y1;
            if (apart) {
                // the box whose crop is this square: side = SIDE_SCALE * box side, centre shifted by CENTER_SHIFT
                double box = side / CropRule.SIDE_SCALE;
                double cy = y + side / 2 - CropRule.CENTER_SHIFT * box;
                FaceBox b = new FaceBox((float) (x + side / 2 - box / 2), (float) (cy - box / 2), (float) box,
                        (float) box, 0f);
                return CropRule.crop(f.image(), CropRule.forBox(b));
            }
        }
        return null;
    }
}
