package dev.facestream.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MachineInfoTest {
    @Test
    void theCpuLineGivesBusyAndTotalJiffies() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        long[] j = MachineInfo.parseCpuLine("cpu  100 5 40 800 20 3 2 1 50 0");
        assertArrayEquals(new long[] {100 + 5 + 40 + 3 + 2 + 1, 100 + 5 + 40 + 3 + 2 + 1 + 800 + 20}, j,
                "guest time is already inside user");
    }

    @Test
    void aPerCoreLineOrGarbageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MachineInfo.parseCpuLine("cpu0 1 2 3 4 5 6 7 8"));
        assertThrows(IllegalArgumentException.class, () -> MachineInfo.parseCpuLine("intr 12345"));
    }
}
