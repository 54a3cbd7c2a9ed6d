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
 * Drill: {@code kill -9} of {@code detect-stream} mid-batch, three times, while cameras keep
 * sending (issue 13: at least 5,000 crops; {@code -Dfacestream.drill.crops=N} to change). After
 * each kill the detector is restarted at once with the same {@code --instance-id} and state dir;
 * the time from the kill to the first keypoints a read_committed reader sees again is the restart
 * gap ({@code -Dfacestream.drill.instanceId=none} measures it without static membership). At the
 * end every crop must have exactly one keypoints record, in frame order per stream.
 */
class DetectorKillIT {
    private static final String APP = "drill-kill";

    @TempDir
    Path tmp;

    @Test
    void threeKill9sMidBatchLoseNothingAndDuplicateNothing() throws Exception {
        double rate = Double.parseDouble(System.getProperty("facestream.drill.rate", "100"));
        String instanceId = System.getProperty("facestream.drill.instanceId", "drill-detector-0");
        try (DrillFixture drill = DrillFixture.start("kill-detector", 5000, tmp);
             CropFeed feed = drill.feed(rate, Map.of())) {
            int crops = drill.crops();
            KeypointsAudit audit = drill.audit();
            DrillProcesses.Broker broker = drill.broker();
            DrillProcesses.Detector d = start(drill, instanceId, 0);
            List<String> gaps = new ArrayList<>();
            for (int kill = 1; kill <= 3; kill++) {
                assertTrue(audit.await((long) crops * kill / 4, Duration.ofMinutes(3)),
                        "no keypoints for 3 min, stalled at " + audit.records() + "; " + feed.progress()
                                + "; detector log:\n" + d.tail() + "\nbroker log:\n" + broker.tail());
                long killedAt = System.nanoTime();
                d.kill9();
                d = start(drill, instanceId, kill);
                Duration startup = d.awaitStarted(Duration.ofMinutes(2));
                long seen = audit.distinct();
                assertTrue(audit.await(seen + 1, Duration.ofMinutes(2)), "no keypoints after restart "
                        + kill + " (" + seen + " answered); " + feed.progress() + "; log:\n" + d.tail()
                        + "\nbroker log:\n" + broker.tail());
                long gap = audit.firstArrivalAfter(killedAt, 500_000_000L);
                gaps.add(String.format(Locale.ROOT, "kill %d: %.1f s to the next committed keypoints"
                        + " (restarted process said 'detecting' after %.1f s)", kill, gap / 1e9,
                        startup.toMillis() / 1e3));
            }
            List<String> keys;
            try {
                keys = feed.finish();
            } catch (IllegalStateException e) {
                throw new AssertionError(e.getMessage() + "\nbroker log:\n" + broker.tail(), e);
            }
            assertEquals(crops, keys.size());
            assertTrue(audit.await(crops, Duration.ofMinutes(3)), "only " + audit.records() + " of " + crops
                    + " keypoints; log:\n" + d.tail());
            Thread.sleep(2000);  // time for extras to show
            List<String> problems = audit.check(keys);
            d.close();
            gaps.forEach(g -> drill.say(g + " [instance id " + instanceId + "]"));
            drill.say(crops + " crops at " + rate + "/s on 4 partitions, 3 kill -9: "
                    + DrillFixture.outcome(problems));
            assertEquals(List.of(), problems);
        }
    }

    private static DrillProcesses.Detector start(DrillFixture drill, String instanceId, int run) throws Exception {
        DrillProcesses.Detector d = drill.detector(APP, instanceId, "state", "detector-" + run + ".log", Map.of());
        if (run == 0) {
            d.awaitStarted(Duration.ofMinutes(2));
        }
        return d;
    }
}
