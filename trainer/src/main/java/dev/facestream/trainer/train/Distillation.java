package dev.facestream.trainer.train;

import dev.facestream.model.ModelDirectory;
import dev.facestream.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Knowledge distillation ({@code train --teacher DIR --teacher-weight W}): every training crop's
 * target is {@code (1 - W) * label + W * t}, with {@code t} the mean output of the teacher models
 * on that same augmented crop (Hinton et al., "Distilling the Knowledge in a Neural Network",
 * https://arxiv.org/abs/1503.02531; for regression the soft target is the teachers' coordinates).
 *
 * <p>Why it could help here: the labels carry each labeller's own placement, which no network can
 * learn for a new person (docs/training.md, "How far below 1.9 px"); an ensemble's outputs average
 * that noise away, and they exist for every augmented crop, also those whose label the mirror or
 * the geometry only approximates. With MSE, blending the targets is the same as adding the two
 * losses with weights {@code 1 - W} and {@code W}. Validation and early stopping still use the
 * labels alone.
 *
 * @param teachers model directories whose mean output is the soft target; empty: no distillation
 * @param weight   the teachers' share of each target, in (0, 1]
 */
public record Distillation(List<Path> teachers, float weight) {
    public static final Distillation NONE = new Distillation(List.of(), 0f);
    /** {@code --teacher-weight}'s default: labels and teachers count alike. */
    public static final float DEFAULT_WEIGHT = 0.5f;

    public Distillation {
        teachers = List.copyOf(teachers);
        if (!teachers.isEmpty() && !(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("--teacher-weight " + weight + ": expected a share above 0 and at most 1");
        }
    }

    public boolean enabled() {
        return !teachers.isEmpty();
    }

    /**
     * Reads every teacher's metadata and refuses one whose input is not the student's: the batch is
     * preprocessed once, for the student. {@code train} calls it before reading any data.
     *
     * @throws IllegalArgumentException naming the teacher and both equalisations
     * @throws IOException              naming a teacher whose metadata cannot be read
     */
    public void requireTeachersReadInput(boolean studentEqualizes) throws IOException {
        for (Path t : teachers) {
            requireReadsInput(t, ModelDirectory.readMetadata(t), studentEqualizes);
        }
    }

    /** As {@link #requireTeachersReadInput} for one teacher whose metadata is already read. */
    static void requireReadsInput(Path teacher, ModelMetadata meta, boolean studentEqualizes) {
        boolean equalizes = meta.normalization().histogramEqualization();
        if (equalizes != studentEqualizes) {
            throw new IllegalArgumentException("--teacher " + teacher + ": it was trained " + (equalizes ? "with" : "without")
                    + " histogram equalisation and the student " + (studentEqualizes ? "with" : "without")
                    + " (--equalize): a teacher must read the student's input");
        }
    }

    /**
     * Blends the teachers' mean output into the targets in place: for each of the {@code n} rows of
     * {@code outputs} values, the first {@code columns} targets whose mask is set become
     * {@code (1 - weight) * target + weight * teacher}; masked-out (missing) ones stay missing.
     *
     * @param teacher {@code n * columns} values, in output units as the targets are
     */
    public void blend(float[] targets, float[] mask, int outputs, float[] teacher, int columns, int n) {
        for (int row = 0; row < n; row++) {
            for (int j = 0; j < columns; j++) {
                int at = row * outputs + j;
                if (mask[at] > 0) {
                    targets[at] = (1 - weight) * targets[at] + weight * teacher[row * columns + j];
                }
            }
        }
    }

    /** For the model's hyperparameters; null when off, so other models' metadata reads as before. */
    public Map<String, Object> describe() {
        if (!enabled()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("teachers", teachers.stream().map(Path::toString).toList());
        m.put("teacher_weight", weight);
        return m;
    }
}
