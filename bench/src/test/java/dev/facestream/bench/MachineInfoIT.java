package dev.facestream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The machine's other work, with a child process as that work. */
class MachineInfoIT {
    /** Other work started after the probe and ended before it finished still counts (it did not with a process list). */
    @Test
    void aBusyProcessThatStartsAndEndsDuringTheRunCounts() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(MachineInfo.machineJiffies() != null, "no /proc/stat here");
        MachineInfo.Probe probe = new MachineInfo.Probe();
        Process p = new ProcessBuilder("sh", "-c", "end=$(($(date +%s) + 2)); while [ $(date +%s) -lt $end ]; do :; done")
                .start();
        assertEquals(0, p.waitFor());
        Thread.sleep(200);
        MachineInfo m = probe.finish();
        // a shell spinning for ~2 s of a ~2.2 s window: well over a third of a core, whatever else runs
        assertTrue(m.otherProcessesCores() > 0.3, "other work seen: " + m.otherProcessesCores() + " cores");
    }
}
