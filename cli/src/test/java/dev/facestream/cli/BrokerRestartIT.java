package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill: the broker goes away twice under a running {@code detect-stream} and a camera feed, once
 * with SIGTERM (orderly shutdown) and once with SIGKILL, each restarted on its data after
 * {@code facestream.drill.brokerDownSeconds} (10 s). The detector must carry on by itself (no
 * restart of it), and every crop must be answered exactly once.
 */
class BrokerRestartIT {
    @TempDir
    Path tmp;

    @Test
    void aBrokerStoppedAndOneKilledMidRunLoseNothingAndDuplicateNothing() throws Exception {
        long downMs = Long.getLong("facestream.drill.brokerDownSeconds", 10) * 1000;
        try (DrillFixture drill = DrillFixture.start("broker-restart", 3000, tmp);
             DrillProcesses.Detector d = drill.detector("drill-broker", "broker-0", "state", "detector.log",
                     Map.of())) {
            int crops = drill.crops();
            KeypointsAudit audit = drill.audit();
            d.awaitStarted(Duration.ofMinutes(2));
            CropFeed feed = drill.feed(100, Map.of());
            List<String> results = new ArrayList<>();
            for (boolean hard : new boolean[] {false, true}) {
                int third = hard ? 2 : 1;
                assertTrue(audit.await((long) crops * third / 3, Duration.ofMinutes(3)),
                        "no keypoints for 3 min, stalled at " + audit.records() + "; log:\n" + d.tail());
                drill.broker().kill(hard);
                Thread.sleep(downMs);
                drill.broker().start();
                long restartedAt = System.nanoTime();
                long seen = audit.distinct();
                assertTrue(audit.await(seen + 1, Duration.ofMinutes(3)), "no keypoints after the broker came"
                        + " back; detector log:\n" + d.tail());
                long resumed = audit.firstArrivalAfter(restartedAt, 0);
                results.add(String.format(Locale.ROOT, "broker %s, back after %d s: keypoints resumed %.1f s"
                        + " after it was ready again", hard ? "SIGKILL" : "SIGTERM", downMs / 1000,
                        resumed / 1e9));
            }
            List<String> keys = feed.finish();
            assertTrue(audit.await(crops, Duration.ofMinutes(3)), "only " + audit.records() + " of " + crops
                    + "; log:\n" + d.tail());
            Thread.sleep(2000);
            List<String> problems = audit.check(keys);
            assertTrue(d.process.isAlive(), "the detector carried on by itself; log:\n" + d.tail());
            results.forEach(r -> drill.say(r));
            drill.say(crops + " crops at 100/s, broker SIGTERM then SIGKILL: "
                    + DrillFixture.outcome(problems));
            assertEquals(List.of(), problems);
        }
    }
}
