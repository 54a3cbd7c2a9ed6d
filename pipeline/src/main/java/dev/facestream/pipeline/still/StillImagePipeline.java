package dev.facestream.pipeline.still;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.CropTransform;
import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.face.FaceDetector;
import dev.facestream.model.KeypointModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Every face of one image through detector, crop rule and network (all faces in one batch), with
 * keypoints mapped back to the image. Not thread-safe: one per thread.
 */
public final class StillImagePipeline implements AutoCloseable {
    private final FaceDetector detector;
    private final Predictor<List<GrayImage>, List<CropKeypoints>> predictor;

    public StillImagePipeline(KeypointModel model) {
        this.detector = FaceDetector.create();
        this.predictor = model.newPredictor();
    }

    public List<FaceKeypoints> run(GrayImage image) throws TranslateException {
        List<FaceBox> boxes = detector.detect(image);
        if (boxes.isEmpty()) {
            return List.of();
        }
        List<CropTransform> transforms = new ArrayList<>();
        List<GrayImage> crops = new ArrayList<>();
        for (FaceBox b : boxes) {
            CropTransform t = CropRule.forBox(b);
            transforms.add(t);
            crops.add(CropRule.crop(image, t));
        }
        List<CropKeypoints> out = predictor.predict(crops);
        List<FaceKeypoints> faces = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            faces.add(new FaceKeypoints(boxes.get(i), out.get(i).inFrame(transforms.get(i)), out.get(i).confidence()));
        }
        return faces;
    }

    @Override
    public void close() {
        predictor.close();
        detector.close();
    }
}
