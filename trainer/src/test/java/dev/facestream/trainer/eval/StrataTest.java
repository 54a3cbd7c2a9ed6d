package dev.facestream.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.trainer.data.LabelledFace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrataTest {
    /** A face with eye centres {@code eyeDistance} apart around (100, 100) and the nose {@code turn} eye distances off. */
    private static LabelledFace face(String person, float eyeDistance, float turn, int gray) {
        float[] t = new float[Keypoint.COORDINATES];
        for (int k = 0; k < Keypoint.COUNT; k++) {
            t[2 * k] = 100;
            t[2 * k + 1] = 110;
        }
        t[0] = 100 + eyeDistance / 2;
        t[1] = 100;
        t[2] = 100 - eyeDistance / 2;
        t[3] = 100;
        t[2 * Keypoint.NOSE_TIP.ordinal()] = 100 + turn * eyeDistance;
        byte[] px = new byte[200 * 200];
        java.util.Arrays.fill(px, (byte) gray);
        return new LabelledFace(person + "_01.png", person, new GrayImage(200, 200, px), t, false);
    }

    @Test
    void eachFaceLandsInTheBucketOfItsGeometryAndBrightness() {
        Strata s = new Strata();
        LabelledFace small = face("a", 20, 0.02f, 50);
        LabelledFace large = face("b", 80, 0.40f, 200);
        s.add(small, small.keypoints());
        s.add(large, large.keypoints());
        Map<String, Map<String, KeypointMetrics.Summary>> m = s.summaries();
        assertEquals(1, m.get("eye_distance_px").get("< 30").faces());
        assertEquals(1, m.get("eye_distance_px").get(">= 65").faces());
        assertEquals(1, m.get("head_turn").get("< 0.08").faces());
        assertEquals(1, m.get("head_turn").get(">= 0.28").faces());
        assertEquals(1, m.get("brightness").get("< 70").faces());
        assertEquals(1, m.get("brightness").get(">= 150").faces());
        assertEquals(0.0, m.get("head_turn").get(">= 0.28").kaggleRmsePx(), 1e-9, "perfect predictions");
    }

    @Test
    void bucketsAreOrderedByTheirLowerEdgeAndNamedByTheirEdges() {
        Strata s = new Strata();
        for (float d : new float[] {70, 50, 35, 10}) {
            LabelledFace f = face("p" + d, d, 0, 100);
            s.add(f, f.keypoints());
        }
        assertEquals(List.of("< 30", "30 - 45", "45 - 65", ">= 65"),
                List.copyOf(s.summaries().get("eye_distance_px").keySet()));
    }

    @Test
    void theHardestPersonsAreTheMostTurnedQuarter() {
        Strata s = new Strata();
        String[] persons = {"a", "b", "c", "d", "e", "f", "g", "h"};
        for (int i = 0; i < persons.length; i++) {
            for (int j = 0; j < 2; j++) {
                LabelledFace f = face(persons[i], 40, 0.05f * i, 100);
                float[] off = f.keypoints().clone();
                off[0] += persons[i].equals("h") || persons[i].equals("g") ? 2 : 0;
                s.add(f, off);
            }
        }
        assertEquals(java.util.Set.of("g", "h"), s.hardestPersons());
        Map<String, KeypointMetrics.Summary> hp = s.summaries().get("hardest_persons");
        KeypointMetrics.Summary hard = hp.get("hardest quarter of persons (2)");
        assertEquals(4, hard.faces());
        assertTrue(hard.kaggleRmsePx() > 0, "the hard persons carry the errors");
        assertEquals(0.0, hp.get("the other persons").kaggleRmsePx(), 1e-9);
    }
}
