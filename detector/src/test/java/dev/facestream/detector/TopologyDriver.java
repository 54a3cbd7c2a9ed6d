package dev.facestream.detector;

import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The keypoints topology under a {@link TopologyTestDriver}, with its three topics typed and its
 * counters and input-ended flag at hand: what the topology tests share.
 */
final class TopologyDriver implements AutoCloseable {
    final DetectorCounters counters = new DetectorCounters();
    final AtomicBoolean inputEnded = new AtomicBoolean();
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> in;
    final TestOutputTopic<String, byte[]> out;
    final TestOutputTopic<String, byte[]> dlq;

    /**
     * @param applicationId the test's Kafka Streams application id
     * @param stateDir      where the buffer store lives
     */
    TopologyDriver(String applicationId, Path stateDir, ModelHolder models, int maxBatch, Duration maxWait,
            boolean pipelined) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(KeypointsTopology.build(models,
                new KeypointsTopology.Batching(maxBatch, maxWait, pipelined, inputEnded::get), counters), p);
        in = driver.createInputTopic(Topics.FACE_CROPS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        out = driver.createOutputTopic(Topics.KEYPOINTS, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        dlq = driver.createOutputTopic(Topics.FACE_CROPS_DLQ, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    /** Sends {@code c} as the producer does: keyed by its stream, the record timestamp its capture time. */
    void send(FaceCropRecord c) {
        in.pipeInput(c.streamId(), c.encode(), java.time.Instant.ofEpochMilli(c.capturedAtMicros() / 1000));
    }

    /** Crops in the buffer store: waiting for a batch or in one not forwarded yet. */
    long buffered() {
        return driver.<Long, byte[]>getKeyValueStore(KeypointsTopology.BUFFER_STORE).approximateNumEntries();
    }

    @Override
    public void close() {
        driver.close();
    }
}
