package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill: two {@code detect-stream} instances share four partitions; one is killed with
 * {@code kill -9} mid-run and not restarted. The survivor takes its partitions once the dead
 * static member's session times out (10 s here, through {@code FACESTREAM_KAFKA_SESSION_TIMEOUT_MS}
 * as a user would set it) and every crop is answered exactly once.
 */
class TwoInstancesIT {
    @TempDir
    Path tmp;

    @Test
    void oneOfTwoInstancesKilledLosesNothingAndDuplicatesNothing() throws Exception {
        Map<String, String> env = Map.of("FACESTREAM_KAFKA_SESSION_TIMEOUT_MS", "10000");
        try (DrillFixture drill = DrillFixture.start("two-instances", 3000, tmp);
             DrillProcesses.Detector a = drill.detector("drill-two", "a", "state-a", "detector-a.log", env);
             DrillProcesses.Detector b = drill.detector("drill-two", "b", "state-b", "detector-b.log", env)) {
            int crops = drill.crops();
            KeypointsAudit audit = drill.audit();
            a.awaitStarted(Duration.ofMinutes(2));
            b.awaitStarted(Duration.ofMinutes(2));
            CropFeed feed = drill.feed(100, Map.of());
            assertTrue(audit.await(crops / 2, Duration.ofMinutes(3)), "no keypoints for 3 min, stalled at " + audit.records()
                    + "; logs:\n" + a.tail() + "\n" + b.tail());
            long killedAt = System.nanoTime();
            b.kill9();
            List<String> keys = feed.finish();
            assertTrue(audit.await(crops, Duration.ofMinutes(3)), "only " + audit.records() + " of " + crops
                    + "; survivor's log:\n" + a.tail());
            Thread.sleep(2000);
            List<String> problems = audit.check(keys);
            drill.say(String.format(Locale.ROOT, "%d crops at 100/s on 4 partitions, instance b"
                    + " killed at %d; all answered %.1f s after the kill; %s", crops, crops / 2,
                    (audit.lastArrivalNanos() - killedAt) / 1e9,
                    DrillFixture.outcome(problems)));
            assertEquals(List.of(), problems);
        }
    }
}
