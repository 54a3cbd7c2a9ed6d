package dev.facestream.producer;

import dev.facestream.core.crop.FaceBox;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives each face a track id that stays the same across frames while the face moves: a face
 * takes the id of the previous frame's box it overlaps most (intersection over union at least
 * {@link #MIN_IOU}), each old box feeding at most one face, best overlaps first. Faces with no
 * such box start a new track. At video frame rates a face moves a fraction of its size between
 * frames, so plain IoU matching is enough; a face lost for {@link #MAX_MISSED} frames is forgotten.
 */
final class FaceTracker {
    static final float MIN_IOU = 0.3f;
    static final int MAX_MISSED = 5;

    private record Track(long id, FaceBox box, int missed) {
    }

    private List<Track> tracks = new ArrayList<>();
    private long nextId;

    /** Track ids for {@code faces} of the next frame, in the same order. */
    long[] assign(List<FaceBox> faces) {
        long[] ids = new long[faces.size()];
        boolean[] faceDone = new boolean[faces.size()];
        boolean[] trackDone = new boolean[tracks.size()];
        // all candidate pairs, best overlap first: greedy matching is stable and good enough here
        List<float[]> pairs = new ArrayList<>();
        for (int f = 0; f < faces.size(); f++) {
            for (int t = 0; t < tracks.size(); t++) {
                float iou = faces.get(f).iou(tracks.get(t).box());
                if (iou >= MIN_IOU) {
                    pairs.add(new float[] {iou, f, t});
                }
            }
        }
        pairs.sort((p, q) -> Float.compare(q[0], p[0]));
        List<Track> next = new ArrayList<>();
        for (float[] p : pairs) {
            int f = (int) p[1];
            int t = (int) p[2];
            if (!faceDone[f] && !trackDone[t]) {
                faceDone[f] = true;
                trackDone[t] = true;
                ids[f] = tracks.get(t).id();
                next.add(new Track(ids[f], faces.get(f), 0));
            }
        }
        for (int f = 0; f < faces.size(); f++) {
            if (!faceDone[f]) {
                ids[f] = nextId++;
                next.add(new Track(ids[f], faces.get(f), 0));
            }
        }
        for (int t = 0; t < tracks.size(); t++) {
            Track old = tracks.get(t);
            if (!trackDone[t] && old.missed() < MAX_MISSED) {
                next.add(new Track(old.id(), old.box(), old.missed() + 1));
            }
        }
        tracks = next;
        return ids;
    }
}
