package dev.facestream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weight average follows {@code avg = d * avg + (1 - d) * w}, swaps in and out, and survives a restart. */
class WeightAverageTest {
    @TempDir
    Path tmp;

    private static Linear layer(NDManager m) {
        Linear l = Linear.builder().setUnits(2).build();
        l.initialize(m, DataType.FLOAT32, new Shape(1, 3));
        return l;
    }

    private static void setAll(Linear l, float value) {
        for (var p : l.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] v = new float[(int) a.size()];
            java.util.Arrays.fill(v, value);
            a.set(v);
        }
    }

    private static float[] weight(Linear l) {
        return l.getParameters().get("weight").getArray().toFloatArray();
    }

    @Test
    void averagesSwapsAndRestores() throws IOException {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Linear l = layer(m);
            setAll(l, 1f);
            WeightAverage avg = new WeightAverage(l, 0.5f);
            setAll(l, 3f);
            avg.update(); // 0.5 * 1 + 0.5 * 3 = 2
            setAll(l, 6f);
            avg.update(); // 0.5 * 2 + 0.5 * 6 = 4

            avg.swapIn();
            assertArrayEquals(new float[] {4, 4, 4, 4, 4, 4}, weight(l), 1e-6f);
            assertArrayEquals(new float[] {4, 4}, l.getParameters().get("bias").getArray().toFloatArray(), 1e-6f);
            assertThrows(IllegalStateException.class, avg::update, "no averaging while the average is in");
            avg.swapOut();
            assertArrayEquals(new float[] {6, 6, 6, 6, 6, 6}, weight(l), 0f);

            Path file = tmp.resolve("avg.bin");
            avg.save(file);
            setAll(l, 0f);
            WeightAverage fresh = new WeightAverage(l, 0.5f);
            fresh.load(file);
            fresh.swapIn();
            assertArrayEquals(new float[] {4, 4, 4, 4, 4, 4}, weight(l), 0f, "the saved average, not the new start");
        }
    }

    @Test
    void refusesAFileOfAnotherNetworkOrNoFile() throws IOException {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Linear small = layer(m);
            Path file = tmp.resolve("small.bin");
            new WeightAverage(small, 0.9f).save(file);
            Linear wide = Linear.builder().setUnits(5).build();
            wide.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            IOException e = assertThrows(IOException.class, () -> new WeightAverage(wide, 0.9f).load(file));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());

            Path junk = tmp.resolve("junk.bin");
            Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            IOException j = assertThrows(IOException.class, () -> new WeightAverage(small, 0.9f).load(junk));
            assertTrue(j.getMessage().contains("not a saved weight average"), j.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new WeightAverage(small, 1f));
        }
    }
}
