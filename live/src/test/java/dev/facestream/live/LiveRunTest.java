package dev.facestream.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facestream.detector.KeypointDetector;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The options {@code live} gives its own detector (no broker, no model loaded). */
class LiveRunTest {
    @Test
    void theDetectorOnTheEmbeddedBrokerCommitsAtLeastOnceAndKeepsTheOtherSettings() {
        KeypointDetector.Options options = KeypointDetector.Options.builder(Path.of("models/default"))
                .clientConfig(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000)).build();
        KeypointDetector.Options live = LiveRun.atLeastOnce(options);
        assertEquals(StreamsConfig.AT_LEAST_ONCE, live.clientConfig().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(1000, live.clientConfig().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals(options.modelDir(), live.modelDir());
    }

    @Test
    void aGuaranteeSetExplicitlyIsKept() {
        KeypointDetector.Options options = KeypointDetector.Options.builder(Path.of("models/default"))
                .clientConfig(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)).build();
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2,
                LiveRun.atLeastOnce(options).clientConfig().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }
}
