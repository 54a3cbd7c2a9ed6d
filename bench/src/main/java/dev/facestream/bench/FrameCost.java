package dev.facestream.bench;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.face.FaceDetector;
import dev.facestream.model.KeypointModel;
import dev.facestream.overlay.I420Overlay;
import dev.facestream.pipeline.AnnotatedOutput;
import dev.facestream.producer.CapturedFrame;
import dev.facestream.producer.ColourFrame;
import dev.facestream.producer.FrameSource;
import dev.facestream.producer.FrameSources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * The CPU time one frame of {@code process} needs in each of its parts, each measured alone on
 * the same frames: decoding (gray for the producer and I420 for the annotated video, as
 * {@code process} decodes), face detection at the producer's width, cutting the crops, the
 * model's forward passes at the detector's batch size, and drawing plus H.264 encoding of the
 * annotated frame. Kafka (clients, broker, Streams) is not among them: the ceiling is what the
 * machine's cores could do if the pipeline cost nothing beyond its compute.
 *
 * <p>CPU time is the process's ({@code OperatingSystemMXBean.getProcessCpuTime}) over a fixed
 * number of frames per part, after a warm-up: FFmpeg, OpenCV and PyTorch may work on threads of
 * their own, which one thread's CPU time would miss. What else the JVM does meanwhile (GC, JIT,
 * idle threads of earlier parts) is in it too. On Linux the JVM reads it from {@code times(2)},
 * in clock ticks (10 ms at the usual 100 Hz), so each part runs long enough for a tick to be a
 * small share of it.
 */
final class FrameCost {
    static final String METHOD = "process CPU time (OperatingSystemMXBean.getProcessCpuTime) over a fixed number"
            + " of frames per part, each part alone, after a warm-up";
    /** Passes of the crop cut over the frames: one pass is too short to time. */
    private static final int CROP_PASSES = 5;
    /** Batches the model part times at the least. */
    private static final int MIN_MODEL_BATCHES = 12;

    private FrameCost() {
    }

    /**
     * @param clip   the video {@code process} runs on in part (5)
     * @param frames frames to time per part (fewer if the clip is shorter)
     * @param work   a folder for the encoded output
     */
    static BenchReport.CpuPerFrame measure(Path clip, KeypointModel model, int batch, int frames, Path work)
            throws IOException {
        if (MachineInfo.processCpuNanos() < 0) {
            return BenchReport.CpuPerFrame.unmeasured(METHOD + ": not available in this JVM");
        }
        // untimed pass: keeps the frames for the other parts and warms the decoder's code up
        List<GrayImage> gray = new ArrayList<>();
        List<ColourFrame> colour = new ArrayList<>();
        try (FrameSource s = FrameSources.openVideo(clip.toString(), f -> {
            if (colour.size() < frames) {
                colour.add(f);
            }
        })) {
            CapturedFrame f;
            while (gray.size() < frames && (f = s.next()) != null) {
                gray.add(f.image());
            }
        }
        int n = Math.min(gray.size(), colour.size());
        if (n == 0) {
            throw new IOException(clip + " has no frames");
        }

        double decode = decodeNanos(clip, n) / (double) n;

        List<List<FaceBox>> boxes = new ArrayList<>();
        long t;
        int faces = 0;
        try (FaceDetector created = FaceDetector.create()) {
            FaceDetector d = created.withDetectWidth(FaceDetector.DEFAULT_DETECT_WIDTH);
            for (int i = 0; i < Math.min(5, n); i++) {
                d.detect(gray.get(i));
            }
            t = MachineInfo.processCpuNanos();
            for (int i = 0; i < n; i++) {
                boxes.add(d.detect(gray.get(i)));
            }
            t = MachineInfo.processCpuNanos() - t;
        }
        double detect = t / (double) n;
        for (List<FaceBox> b : boxes) {
            faces += b.size();
        }
        if (faces == 0) {
            throw new IOException("no face found in " + clip + ": the ceiling needs a video with a face");
        }

        List<FaceCropRecord> crops = new ArrayList<>();
        t = MachineInfo.processCpuNanos();
        for (int pass = 0; pass < CROP_PASSES; pass++) {
            for (int i = 0; i < n; i++) {
                List<FaceBox> b = boxes.get(i);
                for (int k = 0; k < b.size(); k++) {
                    CropTransform tr = CropRule.forBox(b.get(k));
                    GrayImage crop = CropRule.crop(gray.get(i), tr);
                    if (pass == 0) {
                        crops.add(new FaceCropRecord("bench-cost", i, 0, k, 0, b.get(k), tr, gray.get(i).width(),
                                gray.get(i).height(), crop));
                    }
                }
            }
        }
        t = MachineInfo.processCpuNanos() - t;
        double cropPerFace = t / (double) (CROP_PASSES * faces);

        List<CropKeypoints> found = new ArrayList<>();
        double modelPerFace;
        try (Predictor<List<GrayImage>, List<CropKeypoints>> p = model.newPredictor()) {
            List<GrayImage> images = crops.stream().map(FaceCropRecord::crop).toList();
            for (int w = 0; w < 2; w++) {
                p.predict(batchOf(images, 0, batch));
            }
            // every crop once, and enough batches that the CPU clock's ticks (10 ms where the JVM
            // reads times(2)) are a small part of the total
            int batches = Math.max(MIN_MODEL_BATCHES, (images.size() + batch - 1) / batch);
            t = MachineInfo.processCpuNanos();
            for (int b = 0; b < batches; b++) {
                List<CropKeypoints> r = p.predict(batchOf(images, b * batch, batch));
                for (int i = 0; i < r.size() && found.size() < images.size(); i++) {
                    found.add(r.get(i));
                }
            }
            t = MachineInfo.processCpuNanos() - t;
            modelPerFace = t / (double) (batches * batch);
        } catch (TranslateException e) {
            throw new IllegalStateException("the keypoint model failed on a batch: " + e.getMessage(), e);
        }

        List<List<KeypointsRecord>> drawn = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            drawn.add(new ArrayList<>());
        }
        for (int i = 0; i < crops.size(); i++) {
            FaceCropRecord c = crops.get(i);
            drawn.get((int) c.frame()).add(KeypointsRecord.of(c, found.get(i % found.size()), "bench", "cpu"));
        }
        double encode = encodeNanos(colour.subList(0, n), drawn, work.resolve("cost.mp4")) / (double) n;

        return BenchReport.CpuPerFrame.of(METHOD, n, faces / (double) n, decode / 1e6, detect / 1e6,
                cropPerFace / 1e6, modelPerFace / 1e6, encode / 1e6);
    }

    /** {@code size} crops from {@code from} on, cycling: every batch full, as the detector's at full load. */
    private static List<GrayImage> batchOf(List<GrayImage> images, int from, int size) {
        List<GrayImage> b = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            b.add(images.get((from + i) % images.size()));
        }
        return b;
    }

    /** CPU time to decode {@code n} frames as {@code process} does, one buffer reused for the colour frames. */
    private static long decodeNanos(Path clip, int n) throws IOException {
        byte[][] buffer = new byte[1][];
        ColourFrame.Sink sink = new ColourFrame.Sink() {
            @Override
            public void accept(ColourFrame frame) {
                buffer[0] = frame.i420();
            }

            @Override
            public byte[] buffer(int bytes) {
                return buffer[0] != null && buffer[0].length == bytes ? buffer[0] : new byte[bytes];
            }
        };
        try (FrameSource s = FrameSources.openVideo(clip.toString(), sink)) {
            long t = MachineInfo.processCpuNanos();
            for (int i = 0; i < n && s.next() != null; i++) {
                // decoded: gray for the producer, I420 into the sink
            }
            return MachineInfo.processCpuNanos() - t;
        }
    }

    /** CPU time to draw each frame's keypoints on it and encode it as the annotated video is (closing included). */
    private static long encodeNanos(List<ColourFrame> frames, List<List<KeypointsRecord>> faces, Path out)
            throws IOException {
        ColourFrame first = frames.get(0);
        FFmpegFrameRecorder r = AnnotatedOutput.openRecorder(out, first.width(), first.height(), first.frameRate());
        try (I420Overlay overlay = new I420Overlay(first.width(), first.height())) {
            long t = MachineInfo.processCpuNanos();
            for (int i = 0; i < frames.size(); i++) {
                ColourFrame f = frames.get(i);
                BytePointer data = overlay.data();
                data.put(f.i420());
                if (!faces.get(i).isEmpty()) {
                    overlay.draw(faces.get(i));
                }
                r.recordImage(f.width(), f.height(), Frame.DEPTH_UBYTE, 1, f.width(), avutil.AV_PIX_FMT_YUV420P,
                        data.asBuffer());
            }
            // the encoder's last frames and the file's trailer are part of the work
            r.stop();
            return MachineInfo.processCpuNanos() - t;
        } finally {
            r.close();
        }
    }
}
