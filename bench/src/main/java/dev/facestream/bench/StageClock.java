package dev.facestream.bench;

import dev.facestream.pipeline.LatencyStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The moments one crop passes on its way through the live pipeline, all read from this JVM's
 * wall clock (microseconds), joined per crop on (capture time, face index): the capture time is
 * unique per frame, also across the rounds of a looping video, where frame numbers repeat.
 *
 * <pre>
 *  captured -> handed  : detect   (frame queue, face detection and tracking, crops cut, sends started)
 *  handed   -> acked   : produce  (Kafka producer to the broker's acknowledgement)
 *  acked    -> fetched : broker   (until a consumer of face-crops has the crop)
 *  fetched  -> forwarded: infer   (the detector: poll, decode, buffer, forward pass, keypoints sent)
 *  forwarded-> received: publish  (the detector's producer to the viewer's consumer)
 *  received -> shown   : overlay  (joined with its frame and released for display)
 * </pre>
 *
 * "fetched" is when a separate observer consumer of {@code face-crops} gets the crop; the
 * detector's own consumer is served by the same broker fetch wake-up, so the two differ by
 * scheduling only. "forwarded" comes from the detector's end-to-end timer ({@code at=detector}),
 * whose sample is capture-to-forward: subtracting it from the moment it is recorded gives the
 * crop's capture time back, which identifies the crop. Thread-safe.
 */
final class StageClock {
    /** The stages in pipeline order; each is the time between two consecutive moments. */
    static final List<String> STAGES = List.of("detect", "produce", "broker", "infer", "publish", "overlay");
    private static final int CAPTURED = 0;
    private static final int HANDED = 1;
    private static final int ACKED = 2;
    private static final int FETCHED = 3;
    private static final int FORWARDED = 4;
    private static final int RECEIVED = 5;
    private static final int SHOWN = 6;
    /** How far a capture time recovered from a timer sample may be from the real one. */
    private static final long MATCH_MICROS = 1000;

    private record Key(long capturedAtMicros, int face) {
    }

    private final Map<Key, long[]> crops = new HashMap<>();
    /** Crops by capture time, to find the one a detector sample belongs to. */
    private final TreeMap<Long, List<Key>> byCapture = new TreeMap<>();

    private long[] crop(long capturedAtMicros, int face) {
        Key k = new Key(capturedAtMicros, face);
        return crops.computeIfAbsent(k, x -> {
            long[] t = new long[SHOWN + 1];
            t[CAPTURED] = capturedAtMicros;
            byCapture.computeIfAbsent(capturedAtMicros, c -> new ArrayList<>()).add(k);
            return t;
        });
    }

    private void set(long capturedAtMicros, int face, int moment, long atMicros) {
        long[] t = crop(capturedAtMicros, face);
        if (t[moment] == 0) {
            t[moment] = atMicros;
        }
    }

    synchronized void handed(long capturedAtMicros, int face, long atMicros) {
        set(capturedAtMicros, face, HANDED, atMicros);
    }

    synchronized void acked(long capturedAtMicros, int face, long atMicros) {
        set(capturedAtMicros, face, ACKED, atMicros);
    }

    synchronized void fetched(long capturedAtMicros, int face, long atMicros) {
        set(capturedAtMicros, face, FETCHED, atMicros);
    }

    synchronized void received(long capturedAtMicros, int face, long atMicros) {
        set(capturedAtMicros, face, RECEIVED, atMicros);
    }

    synchronized void shown(long capturedAtMicros, int face, long atMicros) {
        set(capturedAtMicros, face, SHOWN, atMicros);
    }

    /**
     * The detector forwarded keypoints of a crop captured {@code sampleMicros} before
     * {@code recordedAtMicros}: the first crop of that capture time without a forward time gets it.
     */
    synchronized void forwarded(long sampleMicros, long recordedAtMicros) {
        long capturedAt = recordedAtMicros - sampleMicros;
        for (List<Key> keys : byCapture.subMap(capturedAt - MATCH_MICROS, true, capturedAt + MATCH_MICROS, true)
                .values()) {
            for (Key k : keys) {
                long[] t = crops.get(k);
                if (t[FORWARDED] == 0) {
                    t[FORWARDED] = recordedAtMicros;
                    return;
                }
            }
        }
    }

    /**
     * Per-stage and end-to-end latencies of the crops captured at or after {@code fromMicros}
     * (warm-up excluded) and before {@code toMicros}. A stage counts the crops that have both of
     * its moments; a moment observed out of order (an acknowledgement callback running after the
     * observer's fetch) counts as 0.
     */
    synchronized Result result(long fromMicros, long toMicros) {
        Map<String, LatencyStats> stages = new LinkedHashMap<>();
        STAGES.forEach(s -> stages.put(s, new LatencyStats()));
        LatencyStats endToEnd = new LatencyStats();
        int crops = 0;
        int complete = 0;
        for (long[] t : this.crops.values()) {
            if (t[CAPTURED] < fromMicros || t[CAPTURED] >= toMicros || t[HANDED] == 0) {
                continue;
            }
            crops++;
            for (int i = 0; i < STAGES.size(); i++) {
                if (t[i] != 0 && t[i + 1] != 0) {
                    stages.get(STAGES.get(i)).add(t[i + 1] - t[i]);
                }
            }
            if (t[RECEIVED] != 0) {
                endToEnd.add(t[RECEIVED] - t[CAPTURED]);
            }
            boolean all = true;
            for (long m : t) {
                all &= m != 0;
            }
            complete += all ? 1 : 0;
        }
        return new Result(stages, endToEnd, crops, complete);
    }

    /**
     * @param stages   per stage, in pipeline order
     * @param endToEnd capture to keypoints received
     * @param crops    crops sent in the window
     * @param complete crops with every moment observed
     */
    record Result(Map<String, LatencyStats> stages, LatencyStats endToEnd, int crops, int complete) {
    }
}
