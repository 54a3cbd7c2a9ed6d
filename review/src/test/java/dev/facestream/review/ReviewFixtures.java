package dev.facestream.review;

import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.wire.FaceReviewRecord;
import dev.facestream.core.wire.LabelledCsv;

/** Review records for the tests: a gradient crop and points spread over it. */
final class ReviewFixtures {
    private ReviewFixtures() {
    }

    static FaceReviewRecord face(String stream, long track, long frame) {
        byte[] px = new byte[LabelledCsv.SIDE * LabelledCsv.SIDE];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) ((i % LabelledCsv.SIDE) * 2 + frame);
        }
        float[] xy = new float[Keypoint.COORDINATES];
        for (int k = 0; k < Keypoint.COUNT; k++) {
            // a 5 x 3 grid, 14 px apart: far enough apart that a drag grabs the point aimed at
            xy[2 * k] = 20.25f + (k % 5) * 14;
            xy[2 * k + 1] = 25.5f + (k / 5) * 14;
        }
        return new FaceReviewRecord(stream, frame, 1_764_633_600_000_000L + frame * 40_000, 0, track,
                new FaceBox(100, 80, 120, 140, 0.71f), 0.21, xy, "kp-test", "below 0.40",
                new GrayImage(LabelledCsv.SIDE, LabelledCsv.SIDE, px));
    }
}
