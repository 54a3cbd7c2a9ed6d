package dev.facestream.cli;

import dev.facestream.model.ModelDirectory;
import dev.facestream.model.ModelMetadata;
import dev.facestream.trainer.confidence.ConfidenceFit;
import dev.facestream.trainer.data.FaceBoxes;
import dev.facestream.trainer.data.PersonSplit;
import dev.facestream.trainer.data.TrainingData;
import dev.facestream.trainer.train.Augmentation;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code facestream fit-confidence}: a trained model plus its data -> the same model with a
 * calibrated confidence head ({@link ConfidenceFit}). The split is the model's own (its seed and
 * validation fraction), so the head learns on the persons the network learnt on and is judged on
 * the ones it never saw.
 */
@Command(name = "fit-confidence", mixinStandardHelpOptions = true,
        description = "Give a trained model a confidence head (fitted on frozen features of the training persons, "
                + "calibrated on the validation persons); its served keypoints are unchanged.")
public final class FitConfidenceCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "models/default", description = "trained model directory (default: ${DEFAULT-VALUE})")
    Path model;
    @Option(names = "--data", required = true, paramLabel = DataSourceConverter.PARAM_LABEL, converter = DataSourceConverter.class,
            description = "the labelled faces the model was trained on; repeat for several sources, as for train (a "
                    + "WEIGHT is accepted and changes nothing: each training face's crops count once). A "
                    + "folder's negatives.csv (crops marked \"not a face\") enters the fit: training persons' as "
                    + "the head's rows; validation persons' are scored and reported, not fitted on (docs/confidence.md)")
    List<TrainingData.Source> data;
    @Option(names = "--out", required = true, description = "model directory to write") Path out;
    @Option(names = "--model-version", description = "version of the new model (default: the source's + \"-c\")")
    String version;
    @Option(names = "--cache", defaultValue = ".facestream-cache", description = "face box cache (default: ${DEFAULT-VALUE})")
    Path cache;
    @Option(names = "--rounds", defaultValue = "6", description = "augmented passes over the training faces (default: ${DEFAULT-VALUE})")
    int rounds;
    @Option(names = "--epochs", defaultValue = "30", description = "optimiser passes over the features (default: ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--jitter", defaultValue = "1", description = "scales the training augmentation's scale, shift and "
            + "rotation for the head's crops: harder crops show it more kinds of error (default: ${DEFAULT-VALUE})")
    double jitter;
    @Option(names = "--error-models", split = ",", paramLabel = "DIR",
            description = "K models trained with train --hold-out-fold 0/K .. K-1/K on the same split: the head learns "
                    + "the errors each makes on the persons it never saw, instead of the model's own on its training "
                    + "persons (docs/confidence.md)")
    List<Path> errorModels;
    @Option(names = "--negative-error", defaultValue = "" + ConfidenceFit.NEGATIVE_ERROR, paramLabel = "EYE_DISTANCES",
            description = "every point's target error on a negative (negatives.csv) of a training person, in eye "
                    + "distances of the points predicted on it (default: ${DEFAULT-VALUE})")
    double negativeError;
    @Option(names = "--skip-bad") boolean skipBad;

    @Override
    public Integer call() throws Exception {
        ModelMetadata source = ModelDirectory.readMetadata(model);
        Map<String, Object> hp = source.hyperparameters();
        TrainingData set = TrainingData.read(data, skipBad);
        if (!set.skipped().isEmpty()) {
            System.err.println("skipped " + set.skipped().size() + " bad rows (--skip-bad); first: "
                    + set.skipped().get(0));
        }
        ModelSplit modelSplit = ModelSplit.of(model, source, set);
        PersonSplit split = modelSplit.faces();
        PersonSplit.Negatives negatives = modelSplit.negatives();
        Augmentation augmentation = (hp.get("augmentation") == null ? Augmentation.defaults()
                : ModelDirectory.JSON.convertValue(hp.get("augmentation"), Augmentation.class)).withGeometry(jitter);
        System.err.printf(Locale.ROOT, "%d faces: %d train, %d validation (%d persons, the model's split); "
                + "%d negatives: %d of training persons, %d of validation persons%n", set.faces().size(),
                split.train().size(), split.validation().size(), split.validationPersons().size(),
                set.negatives().size(), negatives.train().size(), negatives.validation().size());
        FaceBoxes boxes = set.boxes(cache);
        ConfidenceFit.Settings settings = ConfidenceFit.Settings.defaults(augmentation, modelSplit.seed())
                .withPasses(rounds, epochs).withNegativeError(negativeError).withErrorModels(errorModels == null ? List.of() : errorModels);
        String v = version != null ? version : source.modelVersion() + "-c";
        ConfidenceFit.Report r = ConfidenceFit.run(model, split.train(), split.validation(), negatives, boxes, out, v,
                CommandLines.reconstruct("fit-confidence"), settings, System.err);
        System.out.printf(Locale.ROOT, "model %s written to %s%n", v, out);
        System.out.printf(Locale.ROOT, "  validation faces            %d (%d wrong)%n", r.confidence().faces(),
                r.confidence().wrongFaces());
        System.out.printf(Locale.ROOT, "  confidence   AUROC %.3f  Spearman vs error %.3f%n",
                r.confidence().auroc(), r.confidence().spearman());
        System.out.printf(Locale.ROOT, "  face score   AUROC %.3f  Spearman vs error %.3f%n", r.detectorScore().auroc(),
                r.detectorScore().spearman());
        System.out.printf(Locale.ROOT, "  negatives    %d in the head's fit, %d held out (scored, not fitted on)%n",
                r.negatives().inHeadFit(), r.negatives().heldOut());
        if (r.negatives().heldOut() > 0) {
            System.out.println("  held-out negatives          " + r.negatives().served().describe());
            System.out.println("    cross-fitted by person    " + r.negatives().crossFitted().describe());
        }
        System.out.println("  calibration, cross-fitted by person (deciles of confidence: mean predicted, observed right):");
        r.crossFitted().deciles().forEach(d -> System.out.printf(Locale.ROOT, "    %3d faces  %.3f  %.3f%n", d.faces(),
                d.meanScore(), d.observedRight()));
        return 0;
    }
}
