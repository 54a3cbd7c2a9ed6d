package dev.facestream.pipeline;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a {@link StreamRun} did and how fast: counts, throughput and per-stage latency.
 *
 * @param streamId            stream id of the run's records
 * @param source              what was read
 * @param modelVersion        model the run's detector served; null with an external detector
 * @param device              where it ran ({@code cpu}, {@code gpu0}); null with an external detector
 * @param paced               whether the source was played at its own frame rate
 * @param framesRead          frames read from the source
 * @param framesProcessed     frames that went through face detection
 * @param framesDropped       frames dropped because face detection fell behind (paced or live only)
 * @param framesSkipped       frames left out by --fps
 * @param framesWritten       frames in the annotated output, -1 without outputs
 * @param cropsSent           face crops Kafka acknowledged
 * @param keypointsReceived   keypoints records the collector received for them
 * @param deadLettered        crop records the detector dead-lettered
 * @param windowMicros        first frame read to last keypoints received (and written); 0 if no frame was read
 * @param elapsedNanos        the whole run, start-up of broker, detector and producer included
 * @param captureToProduced   per crop: frame capture to Kafka's acknowledgement of the crop
 * @param producedToKeypoints per crop: that acknowledgement to its keypoints being received
 * @param endToEnd            per crop: frame capture to its keypoints being received
 * @param detectorKeypoints   keypoints the run's detector forwarded (0 with an external detector)
 * @param detectorBatches     forward passes it ran
 * @param inferenceNanos      time in those forward passes
 * @param detectorActiveNanos its first crop in to its last batch out
 * @param batchSize           its maximum batch size
 * @param rawCropsPerSecond   the bare model at that batch size, same process and device; NaN if not measured
 * @param produceFirst        whether the detector started only after everything was published
 * @param videoOut            annotated video written, or null
 * @param jsonlOut            keypoints JSONL written, or null
 */
public record RunResult(String streamId, String source, String modelVersion, String device, boolean paced,
        long framesRead, long framesProcessed, long framesDropped, long framesSkipped, long framesWritten,
        long cropsSent, long keypointsReceived, long deadLettered, long windowMicros, long elapsedNanos,
        LatencyStats captureToProduced, LatencyStats producedToKeypoints, LatencyStats endToEnd,
        long detectorKeypoints, long detectorBatches, long inferenceNanos, long detectorActiveNanos, int batchSize,
        double rawCropsPerSecond, boolean produceFirst, Path videoOut, Path jsonlOut) {

    /**
     * Frames through the whole pipeline (face detection, keypoints) per second of the streaming
     * window; frames a live source dropped do not count.
     */
    public double framesPerSecond() {
        return windowMicros <= 0 ? Double.NaN : framesProcessed / (windowMicros / 1e6);
    }

    /** Crops per second the detector got through, over its own active window. */
    public double detectorCropsPerSecond() {
        return detectorActiveNanos <= 0 ? Double.NaN : detectorKeypoints / (detectorActiveNanos / 1e9);
    }

    /** Whether every crop sent got its keypoints. */
    public boolean complete() {
        return keypointsReceived >= cropsSent;
    }

    /** The human-readable summary {@code demo} and {@code process} print. */
    public void print(PrintWriter out, String command) {
        out.printf(Locale.ROOT, "%s: %s as stream '%s'%s%n", command, source, streamId,
                modelVersion != null ? " (model " + modelVersion + " on " + device + ")" : " (external detector)");
        out.printf(Locale.ROOT, "  frames       %d read, %d processed, %d dropped, %d skipped by --fps%s%n", framesRead,
                framesProcessed, framesDropped, framesSkipped,
                framesWritten >= 0 ? ", " + framesWritten + " written" : "");
        out.printf(Locale.ROOT, "  faces        %d crops sent, %d keypoints received, %d dead-lettered%n", cropsSent,
                keypointsReceived, deadLettered);
        out.printf(Locale.ROOT, "  throughput   %.1f frames/s processed over %.2f s from the first frame read to"
                + " the last keypoints (%s); %.1f s in all with start-up%n", framesPerSecond(), windowMicros / 1e6,
                paced ? "paced at the source's frame rate" : "not paced", elapsedNanos / 1e9);
        out.printf(Locale.ROOT, "  latency      %-24s %8s %8s  (ms, %d crops)%n", "", "p50", "p99", endToEnd.count());
        stage(out, "capture -> produced", captureToProduced);
        stage(out, "produced -> keypoints", producedToKeypoints);
        stage(out, "end to end", endToEnd);
        if (detectorBatches > 0) {
            out.printf(Locale.ROOT, "  detector     %d crops in %d forward passes (mean batch %.1f, max %d),"
                    + " %.2f ms per pass%n", detectorKeypoints, detectorBatches,
                    detectorKeypoints / (double) detectorBatches, batchSize, inferenceNanos / 1e6 / detectorBatches);
            out.printf(Locale.ROOT, "               %.1f crops/s over its active window (first crop in to last"
                    + " batch out)%s%n", detectorCropsPerSecond(),
                    produceFirst ? ", started after all crops were published" : "");
        }
        if (!Double.isNaN(rawCropsPerSecond)) {
            out.printf(Locale.ROOT, "  raw model    %.1f crops/s at batch %d (same model and device, no Kafka,"
                    + " measured after the stream)%n", rawCropsPerSecond, batchSize);
            out.printf(Locale.ROOT, "  detector/raw %.0f %%%s%n", 100 * detectorCropsPerSecond() / rawCropsPerSecond,
                    produceFirst ? "" : " (the detector only gets what the producer sends: see --produce-first)");
        }
        if (videoOut != null) {
            out.println("  video        " + videoOut);
        }
        if (jsonlOut != null) {
            out.println("  keypoints    " + jsonlOut);
        }
        out.flush();
    }

    private static void stage(PrintWriter out, String name, LatencyStats s) {
        out.printf(Locale.ROOT, "    %-35s %8.1f %8.1f%n", name, s.percentileMillis(50), s.percentileMillis(99));
    }
}
