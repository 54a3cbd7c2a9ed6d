package dev.facestream.trainer.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of a network's parameters (Polyak averaging), kept in plain Java
 * arrays beside the engine's: after every optimiser step {@code avg = decay * avg + (1 - decay) * w}.
 * Late in a cosine schedule the weights still wander around a minimum with the batch noise; their
 * average sits nearer its centre (Polyak and Juditsky 1992; Izmailov et al. 2018, "Averaging Weights
 * Leads to Wider Optima", https://arxiv.org/abs/1803.05407). The batch-norm running statistics are
 * parameters of the block too and are averaged with the rest.
 *
 * <p>{@link #swapIn()} puts the average into the network (to validate or save it) and
 * {@link #swapOut()} puts the trained weights back, so training goes on from where it was.
 */
public final class WeightAverage {
    private static final int FILE_MAGIC = 0x45_4D_41_31; // "EMA1"

    private final List<Parameter> parameters = new ArrayList<>();
    private final float decay;
    private final float[][] average;
    private float[][] trained;

    /** Starts the average at the block's current weights. */
    public WeightAverage(Block block, float decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("weight average decay " + decay + ": expected a value in (0, 1)");
        }
        this.decay = decay;
        for (Pair<String, Parameter> p : block.getParameters()) {
            parameters.add(p.getValue());
        }
        average = new float[parameters.size()][];
        for (int i = 0; i < parameters.size(); i++) {
            average[i] = parameters.get(i).getArray().toFloatArray();
        }
    }

    public float decay() {
        return decay;
    }

    /** Folds the network's current weights into the average; call after each optimiser step. */
    public void update() {
        requireTrainedIn();
        float keep = decay;
        float take = 1 - decay;
        for (int i = 0; i < parameters.size(); i++) {
            float[] w = parameters.get(i).getArray().toFloatArray();
            float[] a = average[i];
            for (int j = 0; j < a.length; j++) {
                a[j] = keep * a[j] + take * w[j];
            }
        }
    }

    /** Puts the average into the network, keeping the trained weights aside. */
    public void swapIn() {
        requireTrainedIn();
        trained = new float[parameters.size()][];
        for (int i = 0; i < parameters.size(); i++) {
            trained[i] = parameters.get(i).getArray().toFloatArray();
            parameters.get(i).getArray().set(average[i]);
        }
    }

    /** Puts the trained weights back after {@link #swapIn()}. */
    public void swapOut() {
        if (trained == null) {
            throw new IllegalStateException("the average is not in the network");
        }
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).getArray().set(trained[i]);
        }
        trained = null;
    }

    /** Saves the average, for {@code --resume}. */
    public void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(FILE_MAGIC);
            out.writeInt(average.length);
            for (float[] a : average) {
                out.writeInt(a.length);
                for (float v : a) {
                    out.writeFloat(v);
                }
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Replaces the average by one {@link #save saved} for the same network. */
    public void load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != FILE_MAGIC) {
                throw new IOException(file + " is not a saved weight average");
            }
            int n = in.readInt();
            if (n != average.length) {
                throw new IOException(file + " holds " + n + " parameters, the network has " + average.length);
            }
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                if (len != average[i].length) {
                    throw new IOException(file + ": parameter " + i + " has " + len + " values, the network's "
                            + average[i].length);
                }
                for (int j = 0; j < len; j++) {
                    average[i][j] = in.readFloat();
                }
            }
        }
    }

    private void requireTrainedIn() {
        if (trained != null) {
            throw new IllegalStateException("the average is in the network: swapOut() first");
        }
    }
}
