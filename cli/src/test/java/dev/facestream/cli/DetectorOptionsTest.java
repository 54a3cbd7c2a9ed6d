package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.facestream.core.crop.CropRule;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.testkit.TestModels;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Which Kafka Streams properties each command's detector gets. */
class DetectorOptionsTest {
    private static final String FETCH_MIN_BYTES = StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG);
    private static final String FETCH_MAX_WAIT = StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);

    @TempDir
    static Path tmp;
    private static Path model;

    @Command(name = "test")
    static final class WithDetector {
        @Mixin
        DetectorOptions detector;
    }

    @BeforeAll
    static void setUp() throws Exception {
        model = TestModels.untrained(tmp.resolve("model"));
    }

    private static DetectorOptions resolved(DetectorOptions.Defaults defaults, String... args) throws Exception {
        WithDetector c = new WithDetector();
        String[] all = new String[args.length + 2];
        all[0] = "--model";
        all[1] = model.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        new CommandLine(c).parseArgs(all);
        c.detector.resolve(defaults);
        return c.detector;
    }

    @Test
    void processCommitsEverySecondAndFetchesWholeBatches() throws Exception {
        Map<String, Object> p = resolved(DetectorOptions.Defaults.BATCH).streamsProperties();
        assertEquals(1000L, p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals(32 * FaceCropRecord.bytesWithoutStreamId(CropRule.SIZE), p.get(FETCH_MIN_BYTES),
                "a fetch waits for a batch of 32 crops");
        assertEquals(100, p.get(FETCH_MAX_WAIT), "or half the 200 ms max wait");
    }

    @Test
    void latencyFirstCommandsKeepShortCommitsAndPlainFetches() throws Exception {
        for (DetectorOptions.Defaults d : new DetectorOptions.Defaults[] {DetectorOptions.Defaults.SERVICE,
                DetectorOptions.Defaults.DEMO}) {
            Map<String, Object> p = resolved(d).streamsProperties();
            assertEquals(100L, p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG), d.toString());
            assertFalse(p.containsKey(FETCH_MIN_BYTES), d.toString());
        }
        Map<String, Object> live = resolved(LiveCommand.LIVE).streamsProperties();
        assertEquals(1000L, live.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertFalse(live.containsKey(FETCH_MIN_BYTES), "live must not hold fetches");
    }

    @Test
    void benchsLivePartGetsLivesSettingsNotProcesss() throws Exception {
        DetectorOptions bench = resolved(BenchCommand.BENCH);
        Map<String, Object> livePart = bench.streamsProperties(LiveCommand.LIVE);
        assertEquals(1000L, livePart.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertFalse(livePart.containsKey(FETCH_MIN_BYTES));
    }

    @Test
    void aGivenCommitIntervalHoldsForEveryPart() throws Exception {
        DetectorOptions bench = resolved(BenchCommand.BENCH, "--commit-interval-ms", "250");
        assertEquals(250L, bench.streamsProperties().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals(250L, bench.streamsProperties(LiveCommand.LIVE).get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    }
}
