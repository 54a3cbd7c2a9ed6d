package dev.facestream.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void theOneListHoldsEveryTopicOnceWithItsName() {
        assertEquals(List.of("face-crops", "keypoints", "face-crops-dlq", "face-review"), Topics.ALL.stream().map(Topic::name).toList());
        assertArrayEquals(new String[] {Topics.FACE_CROPS, Topics.KEYPOINTS, Topics.FACE_CROPS_DLQ, Topics.FACE_REVIEW}, Topics.allNames());
    }

    @Test
    void deadLettersKeepTheirBytes() {
        byte[] b = {1, 2, 3};
        assertArrayEquals(b, Topics.FACE_CROPS_DLQ_TOPIC.codec().decode(Topics.FACE_CROPS_DLQ_TOPIC.codec().encode(b)));
    }
}
