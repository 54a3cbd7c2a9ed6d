package dev.facestream.core.keypoints;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeypointGroupTest {
    @Test
    void everyKeypointIsInOneGroup() {
        assertEquals(Keypoint.COUNT, List.of(KeypointGroup.values()).stream().mapToInt(g -> g.keypoints().size()).sum());
        assertEquals(KeypointGroup.BROWS, KeypointGroup.of(Keypoint.LEFT_EYEBROW_INNER_END));
        assertEquals(KeypointGroup.EYES, KeypointGroup.of(Keypoint.RIGHT_EYE_OUTER_CORNER));
        assertEquals(KeypointGroup.NOSE, KeypointGroup.of(Keypoint.NOSE_TIP));
        assertEquals(KeypointGroup.MOUTH, KeypointGroup.of(Keypoint.MOUTH_CENTER_TOP_LIP));
    }

    @Test
    void coloursAreTheOnesThePageAndTheVideoHaveAlwaysUsed() {
        assertEquals("#00c8ff", KeypointGroup.EYES.hex());
        assertEquals("#ffd700", KeypointGroup.BROWS.hex());
        assertEquals("#ff00ff", KeypointGroup.NOSE.hex());
        assertEquals("#ff2828", KeypointGroup.MOUTH.hex());
        assertEquals(255, KeypointGroup.BROWS.red());
        assertEquals(215, KeypointGroup.BROWS.green());
        assertEquals(0, KeypointGroup.BROWS.blue());
    }
}
