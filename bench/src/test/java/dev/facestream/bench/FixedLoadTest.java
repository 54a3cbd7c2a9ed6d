package dev.facestream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FixedLoadTest {
    @Test
    void theKernelIsThePureSameWorkEveryTime() {
        assertEquals(FixedLoad.kernel(1, 1000), FixedLoad.kernel(1, 1000));
        assertEquals(FixedLoad.kernel(FixedLoad.kernel(1, 300), 700), FixedLoad.kernel(1, 1000),
                "rounds chain: the load's result depends on its iteration count only");
        assertNotEquals(FixedLoad.kernel(1, 1000), FixedLoad.kernel(1, 1001));
    }

    @Test
    void itRunsUntilStoppedAndThenItsThreadIsGone() throws Exception {
        FixedLoad load = new FixedLoad();
        assertFalse(load.running());
        load.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (load.rounds() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(load.rounds() >= 3, "it works while it runs");
        assertTrue(load.running());
        assertTrue(Double.isNaN(load.cpuCores()), "no CPU share while it runs");
        load.stop();
        assertFalse(load.running(), "stop waits for the thread to end");
        long rounds = load.rounds();
        Thread.sleep(20);
        assertEquals(rounds, load.rounds(), "nothing runs after stop");
        assertEquals(FixedLoad.kernel(1, Math.toIntExact(rounds * FixedLoad.ROUND)), load.result(),
                "exactly rounds x ROUND iterations of the kernel from 1");
        double cores = load.cpuCores();
        assertTrue(cores > 0 && cores <= 1.05, "one thread uses at most one core: " + cores);
        load.stop();
        assertThrows(IllegalStateException.class, load::start, "a load runs once");
    }
}
