package dev.facestream.trainer.train;

import dev.facestream.model.KeypointModel;
import dev.facestream.model.KeypointNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The teacher models of a {@link Distillation}, loaded once, and their mean coordinates for a
 * batch of crops. Each teacher must read the student's input (the same histogram equalisation:
 * the batch is preprocessed once, for the student); its coordinates are the first 30 of its
 * outputs and, for a network that predicts them, the 68 points after them. The mean covers the
 * columns every teacher and the student have: all 166 for kpcnn-v3 teachers of a kpcnn-v3 student,
 * the 30 served ones when any teacher has no 68 points (kp-v3, a kpcnn-v2).
 */
final class TeacherEnsemble implements AutoCloseable {
    private final List<KeypointModel> models;
    private final int columns;

    private TeacherEnsemble(List<KeypointModel> models, int columns) {
        this.models = models;
        this.columns = columns;
    }

    /**
     * Loads {@code teachers} onto {@code device} for a student with {@code studentOutputs} target
     * columns and input equalised or not.
     *
     * @throws IllegalArgumentException naming a teacher whose input differs from the student's
     */
    static TeacherEnsemble load(List<Path> teachers, String device, boolean studentEqualizes, int studentOutputs)
            throws IOException {
        int columns = studentOutputs;
        List<KeypointModel> models = new ArrayList<>();
        try {
            for (Path t : teachers) {
                // unfolded: the folded serving form is exact too, but the trained form is what was validated
                KeypointModel m = KeypointModel.load(t, device, false);
                models.add(m);
                Distillation.requireReadsInput(t, m.metadata(), studentEqualizes);
                columns = Math.min(columns, KeypointNetwork.coordinates(m.metadata().architecture()));
            }
        } catch (IOException | RuntimeException e) {
            models.forEach(KeypointModel::close);
            throw e;
        }
        return new TeacherEnsemble(List.copyOf(models), columns);
    }

    /** Target columns the mean covers, from the first. */
    int columns() {
        return columns;
    }

    int size() {
        return models.size();
    }

    /** The mean of the teachers' first {@link #columns} outputs for {@code n} preprocessed crops: {@code n * columns}. */
    float[] mean(float[] inputs, int n) {
        float[] sum = new float[n * columns];
        for (KeypointModel m : models) {
            add(sum, m, inputs, n);
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= models.size();
        }
        return sum;
    }

    /** One teacher's first {@link #columns} outputs: {@code n * columns}. */
    float[] of(int teacher, float[] inputs, int n) {
        float[] out = new float[n * columns];
        add(out, models.get(teacher), inputs, n);
        return out;
    }

    private void add(float[] sum, KeypointModel m, float[] inputs, int n) {
        float[] out = m.rawOutputs(inputs, n);
        int width = out.length / n;
        for (int row = 0; row < n; row++) {
            for (int j = 0; j < columns; j++) {
                sum[row * columns + j] += out[row * width + j];
            }
        }
    }

    @Override
    public void close() {
        models.forEach(KeypointModel::close);
    }
}
