package dev.facestream.trainer.report;

import dev.facestream.model.ModelMetadata;
import dev.facestream.trainer.eval.Evaluator;
import java.util.Locale;
import java.util.Map;

/** The short Markdown model card written next to the weights. */
public final class ModelCard {
    private ModelCard() {
    }

    public static String render(ModelMetadata m, Evaluator.Result r) {
        StringBuilder s = new StringBuilder();
        s.append("# Model card: ").append(m.modelVersion()).append("\n\n");
        s.append("Facial keypoint CNN (`").append(m.architecture()).append("`, ").append(m.parameters())
                .append(" parameters) predicting the 15 Kaggle facial keypoints on a 96x96 grayscale face crop made by ")
                .append("the YuNet face detector and crop rule `").append(m.cropRule()).append("`.\n\n");
        s.append("## How it was made\n\n```\n").append(m.command()).append("\n```\n\n");
        Map<String, Object> t = m.training();
        s.append(String.format(Locale.ROOT, "Trained on %s (%s train / %s validation faces, validation = %s persons never "
                        + "seen in training), device %s, %s epochs (best %s), %s s. Data fingerprint `%s`.%n%n",
                t.get("data"), t.get("train_faces"), t.get("validation_faces"), t.get("validation_persons"),
                t.get("device"), t.get("epochs_run"), t.get("best_epoch"), t.get("seconds"), m.dataFingerprint()));
        s.append("## Validation, end to end (our detector's crop, not a crop from the labels)\n\n");
        s.append("| figure | value |\n|---|---|\n");
        s.append(String.format(Locale.ROOT, "| Kaggle-equivalent RMSE (eye distance scaled to 36 px) | %.3f px |%n",
                r.metrics().kaggleRmsePx()));
        s.append(String.format(Locale.ROOT, "| NME (mean point error / eye distance) | %.2f %% |%n", r.metrics().nmePercent()));
        s.append(String.format(Locale.ROOT, "| I2DL score 1/(2 MSE), 48 px = 1 | %.0f |%n", r.metrics().i2dlScore()));
        s.append(String.format(Locale.ROOT, "| faces found by the detector | %d / %d (%.1f %%) |%n", r.facesFound(),
                r.images(), 100 * r.detectionRate()));
        s.append(String.format(Locale.ROOT, "| model time per face, batch 1, CPU | %.2f ms |%n%n", r.msPerFaceModel()));
        s.append("Per keypoint RMSE (px): ");
        r.metrics().perKeypointRmsePx().forEach((k, v) -> s.append(String.format(Locale.ROOT, "%s %.2f; ", k, v)));
        s.append("\n\n## Intended use and limits\n\n");
        s.append("Near-frontal faces as found by YuNet, grayscale, any lighting seen in YouTube videos. Trained on ")
                .append("celebrity interview footage: expect worse accuracy on strong profile views, occlusions, ")
                .append("children, and faces smaller than about 40 px. Not for identification or any decision ")
                .append("about a person.\n\nFiles: `learning-curve.png`, `validation-grid.png` (green = labels, ")
                .append("red = predictions), `report.json`, `metadata.json`.\n");
        return s.toString();
    }
}
