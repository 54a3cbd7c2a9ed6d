package dev.facestream.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Chooses where the network runs. {@code auto} takes the first GPU when the engine sees one, else
 * the CPU; {@code gpu} on a machine without one is an error, never a silent CPU fallback.
 */
public final class Devices {
    private Devices() {
    }

    public static Device select(String choice) {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(java.util.Locale.ROOT);
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        switch (c) {
            case "auto":
                return gpus > 0 ? Device.gpu() : Device.cpu();
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (gpus == 0) {
                    throw new IllegalArgumentException("--device gpu: the PyTorch engine sees no GPU on this machine"
                            + " (CPU natives in use, or no CUDA device); use --device cpu or auto,"
                            + " or build with -Pgpu on a machine with an NVIDIA GPU");
                }
                return Device.gpu();
            default:
                throw new IllegalArgumentException("--device " + choice + ": expected auto, cpu or gpu");
        }
    }

    /** Short name for logs, metrics and records: {@code cpu} or {@code gpu0}. */
    public static String describe(Device d) {
        return d.isGpu() ? "gpu" + d.getDeviceId() : "cpu";
    }
}
