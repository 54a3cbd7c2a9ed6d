package dev.facestream.trainer.publish;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.model.KeypointModel;
import dev.facestream.model.ModelDirectory;
import dev.facestream.registry.CheckedModel;
import dev.facestream.registry.ModelChecks;
import dev.facestream.registry.ModelPackage;
import dev.facestream.registry.ModelPublisher;
import dev.facestream.registry.ModelRejectedException;
import dev.facestream.registry.ModelTopic;
import dev.facestream.registry.PublishedModel;
import dev.facestream.trainer.data.LabelledFace;
import dev.facestream.trainer.eval.Evaluator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code train --publish}: publishes a freshly trained model only if it is no worse than the one
 * the detectors serve. Both are evaluated here, by the same code, on the same validation persons
 * ({@link Evaluator}, end to end: face detector, crop rule, network); the candidate goes to the
 * model topic when its Kaggle-equivalent RMSE is lower or equal, or when nothing valid is
 * published yet. {@code always} skips the comparison. The outcome and both figures are written
 * into the candidate's {@code report.json} (under {@value #REPORT_FIELD}) before it is packed, so
 * the published record carries them too.
 */
public final class PublishGate {
    /** Field of report.json the gate writes. */
    public static final String REPORT_FIELD = "publish_gate";

    private PublishGate() {
    }

    /** One model's figures on the validation persons. */
    public record Figures(@JsonProperty("model_version") String version, @JsonProperty("kaggle_rmse_px") double rmsePx,
            @JsonProperty("faces_found") int facesFound, @JsonProperty("images") int images) {
    }

    /**
     * What the gate decided.
     *
     * @param decision  {@code published}, {@code published (nothing valid published yet)},
     *                  {@code published (--publish-always)} or {@code kept}
     * @param candidate the new model's figures
     * @param current   the published model's, null when there was none or the comparison was skipped
     * @param published the record written, null when kept
     */
    public record Outcome(@JsonProperty("decision") String decision, @JsonProperty("candidate") Figures candidate,
            @JsonProperty("current") Figures current, @JsonProperty("published") ModelPublisher.Published published) {
        public boolean isPublished() {
            return published != null;
        }

        @Override
        public String toString() {
            String figures = String.format(Locale.ROOT, "new model %s: RMSE %.3f px on %d validation faces",
                    candidate.version(), candidate.rmsePx(), candidate.facesFound())
                    + (current == null ? "" : String.format(Locale.ROOT, "; published model %s: RMSE %.3f px",
                            current.version(), current.rmsePx()));
            return "publish gate: " + decision + " (" + figures + ")" + (published == null ? "" : "; " + published);
        }
    }

    /**
     * Runs the gate for {@code candidateDir}.
     *
     * @param validation the validation persons' faces of this training run
     * @param always     publish without comparing ({@code --publish-always})
     */
    public static Outcome run(List<LabelledFace> validation, Path candidateDir, Map<String, Object> clientConfig,
            String topic, String name, boolean always, PrintStream log)
            throws IOException, ModelRejectedException, TranslateException {
        Figures candidate;
        try (KeypointModel m = KeypointModel.load(candidateDir, "cpu")) {
            candidate = evaluate(m, m.metadata().modelVersion(), validation);
        }
        Figures current = null;
        String decision;
        if (always) {
            decision = "published (--publish-always)";
        } else {
            ModelTopic.ensure(clientConfig, topic, true, Duration.ofSeconds(60));
            CheckedModel published = newestValid(ModelTopic.readAll(clientConfig, topic, Duration.ofMinutes(2)), name,
                    log);
            if (published == null) {
                decision = "published (nothing valid published yet)";
            } else {
                try (KeypointModel m = published.model()) {
                    current = evaluate(m, published.version(), validation);
                }
                decision = candidate.rmsePx() <= current.rmsePx() ? "published" : "kept";
            }
        }
        Outcome outcome = new Outcome(decision, candidate, current, null);
        writeReport(candidateDir, outcome);
        if (!decision.startsWith("published")) {
            log.println(outcome + "; the detectors keep serving " + current.version());
            return outcome;
        }
        ModelPublisher.Published p = ModelPublisher.publish(clientConfig, topic, name, ModelPackage.of(candidateDir));
        outcome = new Outcome(decision, candidate, current, p);
        log.println(outcome);
        return outcome;
    }

    private static Figures evaluate(KeypointModel model, String version, List<LabelledFace> faces)
            throws TranslateException {
        try (Predictor<List<GrayImage>, List<CropKeypoints>> p = model.newPredictor()) {
            Evaluator.Result r = Evaluator.evaluate(faces, p, null);
            return new Figures(version, r.metrics().kaggleRmsePx(), r.facesFound(), r.images());
        }
    }

    /** The newest record of {@code name} that passes every check, loaded on the CPU; null if none. */
    private static CheckedModel newestValid(List<PublishedModel> all, String name, PrintStream log) {
        for (int i = all.size() - 1; i >= 0; i--) {
            PublishedModel p = all.get(i);
            if (!name.equals(p.name()) || p.value() == null) {
                continue;
            }
            try {
                return ModelChecks.load(p, "cpu", 1);
            } catch (ModelRejectedException e) {
                log.println("publish gate: skipping " + p.describe() + ", it would be rejected (" + e.reason() + "): "
                        + e.getMessage());
            }
        }
        return null;
    }

    private static void writeReport(Path dir, Outcome outcome) throws IOException {
        Path file = dir.resolve(ModelDirectory.REPORT_FILE);
        ObjectNode report = Files.isRegularFile(file) ? (ObjectNode) ModelDirectory.JSON.readTree(file.toFile())
                : ModelDirectory.JSON.createObjectNode();
        report.set(REPORT_FIELD, ModelDirectory.JSON.valueToTree(outcome));
        ModelDirectory.JSON.writeValue(file.toFile(), report);
    }
}
