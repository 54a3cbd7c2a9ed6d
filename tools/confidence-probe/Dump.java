import ai.djl.Model;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.*;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.facestream.core.crop.*;
import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.keypoints.KeypointFlip;
import dev.facestream.face.FaceDetector;
import dev.facestream.model.*;
import dev.facestream.trainer.data.*;
import dev.facestream.trainer.eval.KeypointMetrics;
import java.io.*;
import java.nio.file.*;
import java.util.*;

/**
 * Probe (not part of the product; see README.md here): dumps, for the seeded split by person, the
 * features and outputs of the training faces (confidence-head models only) (their cached boxes, no augmentation) and of the validation faces
 * (our face detector's boxes, plain and mirrored crop). Args: MODEL_DIR OUT_DIR [DATA_DIR] [BOX_CACHE_DIR].
 */
public class Dump {
    static final int AREA = 96 * 96;
    record Fw(float[] feats, float[] out, int outputs) {}
    static Fw forward(SequentialBlock net, NDManager m, float[] input, int b) {
        ParameterStore ps = new ParameterStore(m, false);
        List<Pair<String, Block>> ch = net.getChildren().stream().toList();
        NDList x = new NDList(m.create(input, new Shape(b, 1, 96, 96)));
        for (int i = 0; i < ch.size() - 1; i++) x = ch.get(i).getValue().forward(ps, x, false);
        NDArray f = x.singletonOrThrow();
        NDArray o = ch.get(ch.size() - 1).getValue().forward(ps, x, false).singletonOrThrow();
        return new Fw(f.toFloatArray(), o.toFloatArray(), (int) o.getShape().get(1));
    }
    public static void main(String[] a) throws Exception {
        Path modelDir = Path.of(a[0]);
        Path out = Path.of(a[1]);
        TrainingData set = TrainingData.read(List.of(TrainingData.Source.of(Path.of(a.length > 2 ? a[2] : "../shared/data/youtube-faces-68"))), false);
        PersonSplit split = PersonSplit.of(set.faces(), 0.15, 42);
        FaceBoxes boxes = set.boxes(a.length > 3 ? Path.of(a[3]) : null);
        ModelMetadata md = ModelDirectory.readMetadata(modelDir);
        Preprocessing pre = md.preprocessing();
        try (Model model = Model.newInstance(ModelDirectory.MODEL_NAME, ai.djl.Device.cpu(), "PyTorch")) {
            SequentialBlock net = KeypointNetwork.build(md.architecture(), 0f);
            model.setBlock(net);
            model.load(modelDir, ModelDirectory.MODEL_NAME);
            NDManager mgr = model.getNDManager();
            // a network without the confidence head: its points only (for the two-model disagreement)
            boolean head = md.architecture().endsWith("c");
            if (head) try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("train.tsv")))) {
                List<LabelledFace> tr = split.train();
                for (int from = 0; from < tr.size(); from += 64) {
                    int b = Math.min(64, tr.size() - from);
                    float[] in = new float[b * AREA];
                    CropTransform[] ts = new CropTransform[b];
                    for (int i = 0; i < b; i++) {
                        LabelledFace f = tr.get(from + i);
                        ts[i] = CropRule.forBox(boxes.get(f).box());
                        pre.toInput(CropRule.crop(f.image(), ts[i]), in, i * AREA);
                    }
                    try (NDManager m = mgr.newSubManager()) {
                        Fw fw = forward(net, m, in, b);
                        for (int i = 0; i < b; i++) {
                            LabelledFace f = tr.get(from + i);
                            float[] xy = new float[30];
                            for (int j = 0; j < 30; j++) xy[j] = Preprocessing.toCropCoordinate(fw.out[i * fw.outputs + j]);
                            double err = KeypointMetrics.relativeError(ts[i].keypointsToImage(xy), f.keypoints());
                            StringBuilder sb = new StringBuilder(f.person()).append('\t').append(err);
                            for (int k = 0; k < 256; k++) sb.append('\t').append(fw.feats[i * 256 + k]);
                            w.println(sb);
                        }
                    }
                }
            }
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("val.tsv")));
                 FaceDetector det = FaceDetector.create()) {
                for (LabelledFace f : split.validation()) {
                    FaceBox box = FaceBoxes.detect(det, f);
                    if (box == null) continue;
                    CropTransform t = CropRule.forBox(box);
                    float[] in = new float[2 * AREA];
                    pre.toInput(CropRule.crop(f.image(), t), in, 0);
                    pre.toInput(CropRule.crop(f.image(), CropRule.forBox(box, 1, 0, 0, 0, true)), in, AREA);
                    try (NDManager m = mgr.newSubManager()) {
                        Fw fw = forward(net, m, in, 2);
                        float[] xy = new float[30];
                        for (int j = 0; j < 30; j++) xy[j] = Preprocessing.toCropCoordinate(fw.out[j]);
                        float[] q = new float[30];
                        for (int j = 0; j < 30; j++) q[j] = Preprocessing.toCropCoordinate(fw.out[fw.outputs + j]);
                        float[] back = KeypointFlip.flip(q, 96);
                        double err = KeypointMetrics.relativeError(t.keypointsToImage(xy), f.keypoints());
                        var sig = head ? FaceConfidence.signals(fw.out, 0) : new FaceConfidence.Signals(Double.NaN, Double.NaN);
                        StringBuilder sb = new StringBuilder(f.person()).append('\t').append(err).append('\t').append(box.score())
                            .append('\t').append(sig.logScale()).append('\t').append(sig.logDisagreement());
                        for (int j = 0; j < 30; j++) sb.append('\t').append(xy[j]);
                        for (int j = 0; j < 30; j++) sb.append('\t').append(back[j]);
                        for (int j = 0; j < 15; j++) sb.append('\t').append(head ? fw.out[30 + 136 + j] : Float.NaN);
                        for (int k = 0; k < 256; k++) sb.append('\t').append(head ? fw.feats[k] : Float.NaN);
                        w.println(sb);
                    }
                }
            }
        }
    }
}
