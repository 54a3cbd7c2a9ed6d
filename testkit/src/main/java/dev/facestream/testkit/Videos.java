package dev.facestream.testkit;

import dev.facestream.face.FaceDetector;
import dev.facestream.producer.CapturedFrame;
import dev.facestream.producer.FaceCropper;
import dev.facestream.producer.FrameSource;
import dev.facestream.producer.FrameSources;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** Independent counts to check a run's outputs against. */
public final class Videos {
    private Videos() {
    }

    /** Frames FFmpeg decodes from {@code video}. */
    public static long frames(Path video) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toString())) {
            g.start();
            long n = 0;
            while (g.grabImage() != null) {
                n++;
            }
            return n;
        }
    }

    /**
     * Faces the producer's face cropper finds in every frame of {@code video}: exactly the crops
     * a run that processes every frame must send (the detector is deterministic).
     */
    public static long faces(Path video) throws Exception {
        long faces = 0;
        try (FrameSource s = FrameSources.open(video.toString());
             FaceCropper cropper = new FaceCropper("count", FaceDetector.create())) {
            CapturedFrame f;
            while ((f = s.next()) != null) {
                faces += cropper.crops(f).size();
            }
        }
        return faces;
    }
}
