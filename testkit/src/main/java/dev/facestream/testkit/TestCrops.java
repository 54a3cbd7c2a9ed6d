package dev.facestream.testkit;

import dev.facestream.face.FaceDetector;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.producer.CapturedFrame;
import dev.facestream.producer.FaceCropper;
import dev.facestream.producer.FrameSource;
import dev.facestream.producer.FrameSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Face crops for detector tests: made by the producer's own cropper, published as the producer does. */
public final class TestCrops {
    private TestCrops() {
    }

    /** The producer's crops of the first {@code frames} frames of a video. */
    public static List<FaceCropRecord> of(Path video, String stream, int frames) throws Exception {
        List<FaceCropRecord> out = new ArrayList<>();
        try (FrameSource s = FrameSources.open(video.toString());
             FaceCropper cropper = new FaceCropper(stream, FaceDetector.create())) {
            CapturedFrame f;
            for (int i = 0; i < frames && (f = s.next()) != null; i++) {
                out.addAll(cropper.crops(f));
            }
        }
        return out;
    }

    /** Publishes {@code crops} to face-crops, keyed by stream as the producer does, and waits for the acks. */
    public static void send(String bootstrapServers, List<FaceCropRecord> crops) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer())) {
            for (FaceCropRecord c : crops) {
                p.send(new ProducerRecord<>(Topics.FACE_CROPS, c.streamId(), c.encode()));
            }
            p.flush();
        }
    }
}
