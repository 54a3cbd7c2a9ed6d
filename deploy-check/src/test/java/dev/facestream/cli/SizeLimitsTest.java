package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.wire.DeadLetter;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.FaceReviewRecord;
import dev.facestream.core.wire.SizeLimits;
import dev.facestream.testkit.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The record size limits fit together (core/wire SizeLimits) and the deployment uses the same
 * figure: deploy/kafka/create-topics.sh creates the topics with it, compose's broker allows it.
 */
class SizeLimitsTest {
    private static int number(Path file, String regex) throws Exception {
        Matcher m = Pattern.compile(regex).matcher(Files.readString(file));
        assertTrue(m.find(), file + ": no match for " + regex);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aCropFitsADeadLetterFitsARequestFitsATopic() {
        assertTrue(FaceCropRecord.MAX_BYTES < DeadLetter.MAX_RECORD_BYTES);
        assertTrue(FaceReviewRecord.MAX_BYTES < SizeLimits.PRODUCER_MAX_REQUEST_BYTES);
        assertTrue(DeadLetter.MAX_RECORD_BYTES < SizeLimits.PRODUCER_MAX_REQUEST_BYTES);
        assertTrue(SizeLimits.PRODUCER_MAX_REQUEST_BYTES <= SizeLimits.TOPIC_MAX_MESSAGE_BYTES);
        assertTrue(SizeLimits.CONSUMER_MAX_PARTITION_FETCH_BYTES >= SizeLimits.TOPIC_MAX_MESSAGE_BYTES);
    }

    @Test
    void theDeploymentCreatesTopicsWithTheSameLimitAndItsBrokerAllowsIt() throws Exception {
        Path root = TestModels.root().toAbsolutePath().normalize();
        assertEquals(SizeLimits.TOPIC_MAX_MESSAGE_BYTES,
                number(root.resolve("deploy/kafka/create-topics.sh"), "MAX_MESSAGE_BYTES:-(\\d+)"));
        assertTrue(Files.readString(root.resolve("deploy/kafka/create-topics.sh"))
                .contains("--config \"max.message.bytes=$max_message_bytes\""), "create-topics.sh passes it");
        assertEquals(SizeLimits.TOPIC_MAX_MESSAGE_BYTES,
                number(root.resolve("docker-compose.yml"), "KAFKA_MESSAGE_MAX_BYTES: *\"?(\\d+)"));
    }
}
