package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.testkit.TestCrops;
import dev.facestream.testkit.TestModels;
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
    private static final String DRILL = "two-instances";

    @TempDir
    Path tmp;

    @Test
    void oneOfTwoInstancesKilledLosesNothingAndDuplicatesNothing() throws Exception {
        int crops = DrillReport.crops(3000);
        Path model = TestModels.untrained(tmp.resolve("model"));
        List<FaceCropRecord> sample = TestCrops.of(TestModels.sample("head-pose-male-480x270.gif"), "male", 8);
        Map<String, String> env = Map.of("FACESTREAM_KAFKA_SESSION_TIMEOUT_MS", "10000");
        try (DrillProcesses.Broker broker = new DrillProcesses.Broker(tmp.resolve("kafka")).start()) {
            broker.createTopics(4, Topics.allNames());
            try (KeypointsAudit audit = new KeypointsAudit(broker.bootstrap());
                 DrillProcesses.Detector a = DrillProcesses.Detector.start(broker.bootstrap(), model, "drill-two",
                         tmp.resolve("state-a"), tmp.resolve("detector-a.log"), env, "--instance-id", "a");
                 DrillProcesses.Detector b = DrillProcesses.Detector.start(broker.bootstrap(), model, "drill-two",
                         tmp.resolve("state-b"), tmp.resolve("detector-b.log"), env, "--instance-id", "b")) {
                a.awaitStarted(Duration.ofMinutes(2));
                b.awaitStarted(Duration.ofMinutes(2));
                CropFeed feed = new CropFeed(broker.bootstrap(), sample, 4, crops, 100, Map.of()).start();
                assertTrue(audit.await(crops / 2, Duration.ofMinutes(3)), "no keypoints for 3 min, stalled at " + audit.records()
                        + "; logs:\n" + a.tail() + "\n" + b.tail());
                long killedAt = System.nanoTime();
                b.kill9();
                List<String> keys = feed.finish();
                assertTrue(audit.await(crops, Duration.ofMinutes(3)), "only " + audit.records() + " of " + crops
                        + "; survivor's log:\n" + a.tail());
                Thread.sleep(2000);
                List<String> problems = audit.check(keys);
                DrillReport.say(DRILL, String.format(Locale.ROOT, "%d crops at 100/s on 4 partitions, instance b"
                        + " killed at %d; all answered %.1f s after the kill; %s", crops, crops / 2,
                        (audit.lastArrivalNanos() - killedAt) / 1e9,
                        problems.isEmpty() ? "0 lost, 0 duplicated, frame order kept" : problems));
                assertEquals(List.of(), problems);
            }
        }
    }
}
