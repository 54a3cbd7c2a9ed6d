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
 * @param otherProcessesCores        CPU time of every other process during the run, divided by
 *                                   its wall time: 1.0 means another process kept one core busy
 * @param backgroundTraining         whether a {@code facestream ... train} process was running
 * @param backgroundTrainingCommands their command lines
 */
public record MachineInfo(int cores, String cpu, String os, String java, double memoryGib, double loadAverageStart,
        double loadAverageEnd, double otherProcessesCores, boolean backgroundTraining,
        List<String> backgroundTrainingCommands) {

    /** Notes the machine's state at the start of a run; {@link #finish()} completes it. */
    static final class Probe {
        private final long startNanos = System.nanoTime();
        private final long otherCpuAtStart = otherProcessesCpuNanos();
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
            return new MachineInfo(Runtime.getRuntime().availableProcessors(), cpuModel(),
                    System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    System.getProperty("java.version"), memory, loadAtStart,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Math.max(0, otherProcessesCpuNanos() - otherCpuAtStart) / wall, !all.isEmpty(), all);
        }
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
