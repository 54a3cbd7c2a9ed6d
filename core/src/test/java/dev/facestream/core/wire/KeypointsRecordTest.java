package dev.facestream.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.core.keypoints.Keypoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeypointsRecordTest {

    @Test
    void jsonHasTheDocumentedShapeAndRoundTrips() throws Exception {
        FaceCropRecord crop = FaceCropRecordTest.sample("cam0", 9);
        float[] cropXy = new float[Keypoint.COORDINATES];
        for (int i = 0; i < cropXy.length; i++) {
            cropXy[i] = 20 + i;
        }
        KeypointsRecord r = KeypointsRecord.of(crop, CropKeypoints.withoutConfidence(cropXy), "v1", "cpu");
        byte[] json = r.toJson();

        JsonNode tree = new ObjectMapper().readTree(json);
        List<String> fields = new ArrayList<>();
        tree.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("stream", "frame", "captured_at", "face", "track", "box", "face_score", "confidence",
                "keypoints", "model_version", "device"), fields);
        assertTrue(tree.get("confidence").isNull(), "a model without a confidence head writes null");
        assertEquals(crop.box().score(), tree.get("face_score").floatValue(), 1e-6);
        assertEquals(Keypoint.COUNT, tree.get("keypoints").size());
        assertEquals(2, tree.get("keypoints").get("left_eye_center").size());
        assertEquals(4, tree.get("box").size());

        KeypointsRecord back = KeypointsRecord.fromJson(json);
        assertEquals("cam0", back.stream());
        assertEquals(9, back.frame());
        assertEquals(crop.capturedAtMicros(), back.capturedAtMicros());
        assertArrayEquals(r.point(Keypoint.NOSE_TIP), back.point(Keypoint.NOSE_TIP));
        assertTrue(back.confidentAtLeast(0.99), "no confidence: kept by any threshold");
    }

    @Test
    void aConfidenceIsWrittenAndFiltersTheFace() throws Exception {
        FaceCropRecord crop = FaceCropRecordTest.sample("cam0", 3);
        float[] cropXy = new float[Keypoint.COORDINATES];
        java.util.Arrays.fill(cropXy, 40);
        KeypointsRecord back = KeypointsRecord.fromJson(KeypointsRecord.of(crop, new CropKeypoints(cropXy, 0.25),
                "v1", "cpu").toJson());
        assertEquals(0.25, back.confidence(), 1e-12);
        assertTrue(back.confidentAtLeast(0.2));
        assertTrue(!back.confidentAtLeast(0.3));
    }

    @Test
    void keypointsAreMappedFromCropToFramePixels() {
        FaceCropRecord crop = FaceCropRecordTest.sample("cam0", 0);
        float[] cropXy = new float[Keypoint.COORDINATES];
        // every point at the crop centre -> the frame point the crop is centred on
        java.util.Arrays.fill(cropXy, (CropRule.SIZE - 1) / 2f);
        KeypointsRecord r = KeypointsRecord.of(crop, CropKeypoints.withoutConfidence(cropXy), "v1", "cpu");
        double[] centre = crop.transform().toImage((CropRule.SIZE - 1) / 2.0, (CropRule.SIZE - 1) / 2.0);
        float[] nose = r.point(Keypoint.NOSE_TIP);
        assertEquals(centre[0], nose[0], 1e-3);
        assertEquals(centre[1], nose[1], 1e-3);
        // the crop centre lies inside the face box
        assertTrue(nose[0] > crop.box().x() && nose[0] < crop.box().x() + crop.box().width());
    }

    @Test
    void nonJsonIsRejectedWithAClearError() {
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> KeypointsRecord.fromJson(FaceCropRecordTest.sample("s", 0).encode()));
        assertTrue(e.getMessage().startsWith("not a keypoints JSON record"), e.getMessage());
    }
}
