package dev.facestream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The machine a benchmark ran on, and how busy it was with other work meanwhile: figures from a
 * shared machine mean little without that.
 *
 * @param cores                      processors the JVM sees
 * @param cpu                        model name from /proc/cpuinfo
 * @param memoryGib                  physical memory
 * @param otherProcessesCores        CPU time of the other processes during the run, divided by its
 *                                   wall time: 1.0 means other work kept one core busy. From the
 *                                   machine's total ({@code /proc/stat}) minus this process's own, so
 *                                   processes that start or end during the run count too; where
 *                                   there is no {@code /proc/stat}, from the processes the OS lists
 *                                   at the start and end (which misses those that end meanwhile)
 * @param backgroundTraining         whether a {@code facestream ... train} process was running
 * @param backgroundTrainingCommands their command lines
 */
public record MachineInfo(int cores, String cpu, String os, String java, double memoryGib, double loadAverageStart,
        double loadAverageEnd,
        @com.fasterxml.jackson.annotation.JsonProperty("other_cpu_cores") double otherProcessesCores,
        boolean backgroundTraining,
        List<String> backgroundTrainingCommands) {

    /** Notes the machine's state at the start of a run; {@link #finish()} completes it. */
    static final class Probe {
        private final long startNanos = System.nanoTime();
        private final long[] machineAtStart = machineJiffies();
        private final long ownCpuAtStart = ownCpuNanos();
        /** The process-list fallback, read only where there is no {@code /proc/stat}. */
        private final long otherCpuAtStart = machineAtStart == null ? otherProcessesCpuNanos() : 0;
        private final double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        private final List<String> training = trainingJobs();

        MachineInfo finish() {
            double wall = System.nanoTime() - startNanos;
            List<String> all = new ArrayList<>(training);
            trainingJobs().stream().filter(c -> !all.contains(c)).forEach(all::add);
            double memory = Double.NaN;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                memory = os.getTotalMemorySize() / (double) (1L << 30);
            }
            int cores = Runtime.getRuntime().availableProcessors();
            long[] machineNow = machineJiffies();
            double other;
            if (machineAtStart != null) {
                // busy share of every core over the run, as cores, less what this process used
                // (NaN if /proc/stat went away or no tick passed: unknown, not zero)
                double busyCores = machineNow == null || machineNow[1] <= machineAtStart[1] ? Double.NaN
                        : cores * (double) (machineNow[0] - machineAtStart[0]) / (machineNow[1] - machineAtStart[1]);
                other = Math.max(0, busyCores - (ownCpuNanos() - ownCpuAtStart) / wall);
            } else {
                other = Math.max(0, otherProcessesCpuNanos() - otherCpuAtStart) / wall;
            }
            return new MachineInfo(cores, cpuModel(),
                    System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    System.getProperty("java.version"), memory, loadAtStart,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), other, !all.isEmpty(), all);
        }
    }

    /**
     * The machine's busy and total CPU time so far, in jiffies, from the first line of
     * {@code /proc/stat} ({@code cpu user nice system idle iowait irq softirq steal ...}; guest
     * time is inside user); null where there is none.
     */
    static long[] machineJiffies() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            return parseCpuLine(line);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code {busy, total}} of a {@code /proc/stat} "cpu" line. */
    static long[] parseCpuLine(String line) {
        String[] f = line.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 9) {
            throw new IllegalArgumentException("not the machine's cpu line of /proc/stat: " + line);
        }
        long user = Long.parseLong(f[1]);
        long nice = Long.parseLong(f[2]);
        long system = Long.parseLong(f[3]);
        long idle = Long.parseLong(f[4]);
        long iowait = Long.parseLong(f[5]);
        long irq = Long.parseLong(f[6]);
        long softirq = Long.parseLong(f[7]);
        long steal = Long.parseLong(f[8]);
        long busy = user + nice + system + irq + softirq + steal;
        return new long[] {busy, busy + idle + iowait};
    }

    private static long ownCpuNanos() {
        return Math.max(0, processCpuNanos());
    }

    /**
     * This process's CPU time so far, every thread's (the JVM's and those of native libraries), or
     * -1 where the JVM cannot say.
     */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** CPU time used so far by every process but this one (those whose figures the OS shows us). */
    private static long otherProcessesCpuNanos() {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != self)
                .map(p -> p.info().totalCpuDuration()).flatMap(Optional::stream)
                .mapToLong(Duration::toNanos).sum();
    }

    /** Command lines of running facestream training jobs ({@code facestream.jar train ...}). */
    private static List<String> trainingJobs() {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != self)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("facestream") && c.matches(".*\\strain(\\s.*)?$"))
                .map(c -> c.length() > 300 ? c.substring(0, 300) + "..." : c).toList();
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: the architecture is all we know
        }
        return System.getProperty("os.arch");
    }
}
