package dev.facestream.trainer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The faces of one or more labelled sources ({@code train --data DIR[:WEIGHT] --data ...}), e.g.
 * the shared 68-point folder and a folder relabelled with {@code facestream review}.
 *
 * <p>A source's weight says how many times each of its training faces is seen per epoch, on
 * average: 2 shows every face twice, 0.5 a seeded half of them (a new half every seed). Weighting
 * by repetition rather than in the loss keeps the trainer as it is and a batch's faces equally
 * weighted; validation faces are never repeated, so the validation figures stay per face. The
 * split by person is over all sources together (a person's faces in two sources stay on one side),
 * so it is the same whatever the weights.
 *
 * <p>Face ids must be unique across sources (they key the face boxes): a face in two sources is
 * an error naming both. One source of weight 1 is read exactly as before: same faces, fingerprint
 * and face box cache.
 *
 * <p>A folder's {@code negatives.csv} ({@link NegativesCsvReader}: crops marked "not a face") is read
 * beside its faces, whatever the weight: the negatives enter the confidence step only
 * ({@link PersonSplit#negatives}), never the keypoint training.
 */
public final class TrainingData {
    /**
     * One {@code --data} value.
     *
     * @param location a data folder or Kaggle CSV ({@link FaceData#read})
     * @param weight   times each training face of it is seen per epoch, on average; above 0
     */
    public record Source(Path location, double weight) {
        public Source {
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("--data " + location + ": weight " + weight
                        + " must be a number above 0");
            }
        }

        /** A source of weight 1. */
        public static Source of(Path location) {
            return new Source(location, 1.0);
        }

        /**
         * {@code DIR} or {@code DIR:WEIGHT}; a suffix after the last ':' that is not a number belongs
         * to the path.
         */
        public static Source parse(String spec) {
            int colon = spec.lastIndexOf(':');
            if (colon > 0 && colon < spec.length() - 1) {
                String suffix = spec.substring(colon + 1);
                if (suffix.matches("[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?")) {
                    return new Source(Path.of(spec.substring(0, colon)), Double.parseDouble(suffix));
                }
                if (suffix.matches("-.*|[0-9.eE+-]+")) {
                    throw new IllegalArgumentException("--data " + spec + ": weight '" + suffix
                            + "' must be a number above 0");
                }
            }
            return Source.of(Path.of(spec));
        }

        @Override
        public String toString() {
            return weight == 1.0 ? location.toString() : location + ":" + format(weight);
        }
    }

    private final List<Source> sources;
    private final List<FaceDataSet> sets;
    private final List<LabelledFace> faces;
    private final Map<LabelledFace, Double> weights;
    private final List<NegativesCsvReader.NegativeSet> negativeSets;

    private TrainingData(List<Source> sources, List<FaceDataSet> sets, List<NegativesCsvReader.NegativeSet> negativeSets) {
        this.sources = List.copyOf(sources);
        this.sets = List.copyOf(sets);
        this.negativeSets = List.copyOf(negativeSets);
        List<LabelledFace> all = new ArrayList<>();
        Map<LabelledFace, Double> w = new IdentityHashMap<>();
        for (int i = 0; i < sets.size(); i++) {
            for (LabelledFace f : sets.get(i).faces()) {
                all.add(f);
                w.put(f, sources.get(i).weight());
            }
        }
        this.faces = List.copyOf(all);
        this.weights = w;
    }

    /**
     * Reads every source.
     *
     * @throws DataFormatException naming the file, line and column of a bad row, or the two
     *                             sources that hold the same face
     */
    public static TrainingData read(List<Source> sources, boolean skipBad) throws IOException {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("--data: no data source given");
        }
        List<FaceDataSet> sets = new ArrayList<>();
        List<NegativesCsvReader.NegativeSet> negativeSets = new ArrayList<>();
        Map<String, Source> seen = new HashMap<>();
        for (Source s : sources) {
            FaceDataSet set = FaceData.read(s.location(), skipBad);
            for (LabelledFace f : set.faces()) {
                Source before = seen.putIfAbsent(f.id(), s);
                if (before != null) {
                    throw new DataFormatException(s.location(), 0, "face " + f.id() + " is also in " + before.location()
                            + " (give each source once; face ids key the face boxes)");
                }
            }
            sets.add(set);
            negativeSets.add(NegativesCsvReader.besides(s.location(), skipBad));
        }
        return new TrainingData(sources, sets, negativeSets);
    }

    /** All faces, each once, in source order. */
    public List<LabelledFace> faces() {
        return faces;
    }

    /** The crops marked "not a face" in the sources' {@code negatives.csv} files, in source order. */
    public List<NegativeCrop> negatives() {
        return negativeSets.stream().flatMap(s -> s.crops().stream()).toList();
    }

    /** The problems of the rows skipped under {@code --skip-bad}, all sources, faces' then negatives'. */
    public List<String> skipped() {
        return java.util.stream.Stream.concat(sets.stream().flatMap(s -> s.skipped().stream()),
                negativeSets.stream().flatMap(s -> s.skipped().stream())).toList();
    }

    /**
     * The data fingerprint recorded in the model: a single source's own; for several, a SHA-256
     * over each source's fingerprint and weight.
     */
    public String fingerprint() {
        if (sets.size() == 1 && sources.get(0).weight() == 1.0) {
            return sets.get(0).fingerprint();
        }
        var digest = Youtube68Reader.sha256();
        for (int i = 0; i < sets.size(); i++) {
            digest.update((sets.get(i).fingerprint() + "*" + format(sources.get(i).weight()) + ";")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    /** The face boxes, per source (so each source keeps its own box cache) and together. */
    public FaceBoxes boxes(Path cacheDir) throws IOException {
        List<FaceBoxes> per = new ArrayList<>();
        for (FaceDataSet s : sets) {
            per.add(FaceBoxes.compute(s.faces(), s.fingerprint(), cacheDir));
        }
        return FaceBoxes.union(per);
    }

    /** The weight of a face's source. */
    public double weight(LabelledFace face) {
        Double w = weights.get(face);
        if (w == null) {
            throw new IllegalArgumentException("face " + face.id() + " is not of this data");
        }
        return w;
    }

    /**
     * The training faces as an epoch sees them: each face {@code floor(w)} times, and once more
     * with probability {@code w - floor(w)} (seeded), in the given order. With every weight 1,
     * {@code train} itself.
     */
    public List<LabelledFace> weighted(List<LabelledFace> train, long seed) {
        if (sources.stream().allMatch(s -> s.weight() == 1.0)) {
            return train;
        }
        Random rng = new Random(seed ^ 0x5DEECE66DL);
        List<LabelledFace> out = new ArrayList<>();
        for (LabelledFace f : train) {
            double w = weight(f);
            int n = (int) Math.floor(w);
            if (rng.nextDouble() < w - n) {
                n++;
            }
            for (int i = 0; i < n; i++) {
                out.add(f);
            }
        }
        return out;
    }

    /** The sources as given, for the model's metadata: {@code DIR} or {@code DIR:WEIGHT}, comma-separated. */
    public String describe() {
        return sources.stream().map(Source::toString).collect(Collectors.joining(","));
    }

    private static String format(double w) {
        return w == Math.rint(w) ? Long.toString((long) w) : String.format(Locale.ROOT, "%s", w);
    }
}
