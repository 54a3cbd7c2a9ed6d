package dev.facestream.bench;

import dev.facestream.model.KeypointModel;
import java.nio.file.Path;

/** Probe: the bench's jitter figure for several models on one clip, alternating. */
public class JitterCompare {
    public static void main(String[] a) throws Exception {
        Path clip = Path.of(a[0]);
        for (int round = 0; round < 2; round++) {
            for (int i = 1; i < a.length; i++) {
                try (KeypointModel m = KeypointModel.load(Path.of(a[i]), "cpu")) {
                    Jitter.Result r = Jitter.onVideo(clip, m, Integer.MAX_VALUE);
                    System.out.printf("%s round %d: frames %d centred %d median %.3f p90 %.3f%n", a[i], round,
                            r.frames(), r.framesCentred(), r.medianPx(), r.p90Px());
                }
            }
        }
    }
}
