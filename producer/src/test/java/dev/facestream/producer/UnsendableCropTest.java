package dev.facestream.producer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A crop Kafka refuses stops the producer with an error naming its stream, frame and size. */
class UnsendableCropTest {
    @Test
    void aCropTheBrokerRefusesIsNamedByStreamFrameAndSize() throws Exception {
        String gif = FrameSourcesTest.sample("head-pose-female-480x270.gif").toString();
        MockProducer<String, byte[]> refusing = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> r,
                    org.apache.kafka.clients.producer.Callback callback) {
                var f = super.send(r, callback);
                errorNext(new RecordTooLargeException("The message is " + r.value().length
                        + " bytes when serialized which is larger than 1000"));
                return f;
            }
        };
        FaceCropProducer p = new FaceCropProducer(FaceCropProducer.Options.builder(gif, "unused:9092")
                .pace(false).streamId("female").build());
        try (FrameSource source = FrameSources.open(gif)) {
            IOException e = assertThrows(IOException.class, () -> p.run(source, refusing, false, false));
            assertTrue(e.getMessage().matches("cannot publish the crop of stream 'female' frame \\d+ face 0 \\(\\d+"
                    + " bytes\\) to face-crops: The message is \\d+ bytes .*"), e.getMessage());
        }
    }
}
