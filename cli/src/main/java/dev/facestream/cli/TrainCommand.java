package dev.facestream.cli;

import dev.facestream.model.KeypointNetwork;
import dev.facestream.model.ModelDirectory;
import dev.facestream.model.ModelMetadata;
import dev.facestream.trainer.TrainingJob;
import dev.facestream.trainer.data.PersonFolds;
import dev.facestream.trainer.data.PersonSplit;
import dev.facestream.trainer.data.TrainingData;
import dev.facestream.trainer.degrade.Degradation;
import dev.facestream.trainer.publish.PublishGate;
import dev.facestream.trainer.train.Augmentation;
import dev.facestream.trainer.train.Distillation;
import dev.facestream.trainer.train.KeypointTrainer;
import dev.facestream.trainer.train.MaskedLoss;
import dev.facestream.trainer.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facestream train}: labelled faces -> a new model directory with its report. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the keypoint CNN on labelled faces and write a versioned model directory.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = DataSourceConverter.PARAM_LABEL, converter = DataSourceConverter.class,
            description = "68-point folder (keypoints.csv + images/), Kaggle training.csv or a folder holding one"
                    + " (e.g. from facestream review); repeat for several sources, each with an optional WEIGHT: how"
                    + " many times each of its training faces is seen per epoch (default 1; 0.5 = a seeded half)")
    List<TrainingData.Source> data;

    @Option(names = "--out", required = true, description = "model directory to write")
    Path out;

    @Option(names = "--work", description = "checkpoints folder (default: OUT/../.work-<name>)")
    Path work;

    @Option(names = "--cache", defaultValue = ".facestream-cache", description = "face box cache (default: ${DEFAULT-VALUE})")
    Path cache;

    @Option(names = "--architecture", defaultValue = KeypointNetwork.DEFAULT_ARCHITECTURE,
            description = "network to build: kpcnn-v1, kpcnn-v2, kpcnn-v3, kpcnn-v3c (v3 with a confidence head, fitted "
                    + "after training) or kpcnn-v3h (v3's layers to 12x12, then a heatmap per point read out by "
                    + "soft-argmax; no confidence head) (default: ${DEFAULT-VALUE}); with --init-from, "
                    + "the initial model's")
    String architecture;
    @Option(names = "--loss", defaultValue = MaskedLoss.MSE, description = "mse, l1 or wing (default: ${DEFAULT-VALUE})")
    String loss;
    @Option(names = "--flip", defaultValue = "0.5", paramLabel = "P",
            description = "probability of a mirrored training crop (default: ${DEFAULT-VALUE})")
    double flip;
    @Option(names = "--epochs", defaultValue = "" + TrainingConfig.DEFAULT_EPOCHS) int epochs;
    @Option(names = "--batch-size", defaultValue = "" + TrainingConfig.DEFAULT_BATCH_SIZE) int batchSize;
    @Option(names = "--lr", description = "peak learning rate (Adam; default: " + TrainingConfig.DEFAULT_LEARNING_RATE
            + ", with --init-from " + TrainingConfig.FINE_TUNE_LEARNING_RATE + ")") Float learningRate;
    @Option(names = "--weight-decay", defaultValue = "" + TrainingConfig.DEFAULT_WEIGHT_DECAY) float weightDecay;
    @Option(names = "--dropout", defaultValue = "" + TrainingConfig.DEFAULT_DROPOUT) float dropout;
    @Option(names = "--patience", defaultValue = "" + TrainingConfig.DEFAULT_PATIENCE,
            description = "early stopping: epochs without improvement") int patience;
    @Option(names = "--validation", defaultValue = "" + TrainingConfig.DEFAULT_VALIDATION_FRACTION,
            description = "fraction of persons held out") double validation;
    @Option(names = "--seed", defaultValue = "" + TrainingConfig.DEFAULT_SEED) long seed;
    @Option(names = "--equalize", negatable = true, description = "histogram-equalise crops (recorded in the model;"
            + " default: as the --init-from model does, else off)") Boolean equalize;
    @Option(names = "--test-time-flip", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "serve the model averaging each face with its mirror image (recorded in the model; "
                    + "doubles the work per face; default: ${DEFAULT-VALUE})")
    boolean testTimeFlip;
    @Option(names = "--no-augment", description = "train on the plain live crops") boolean noAugment;
    @Option(names = "--photometric", defaultValue = "1", paramLabel = "F",
            description = "scales the brightness, contrast and gamma ranges of the augmentation (default: "
                    + "${DEFAULT-VALUE}; more for dark and bright faces)")
    double photometric;
    @Option(names = "--geometry", defaultValue = "1", paramLabel = "F",
            description = "scales the scale, shift and rotation ranges of the augmentation (default: ${DEFAULT-VALUE};"
                    + " more for faces framed or tilted unlike the training faces)")
    double geometry;
    @Option(names = "--occlusion", defaultValue = "0", paramLabel = "P",
            description = "share of training crops with an occluding rectangle over part of the face, labels kept "
                    + "(default: ${DEFAULT-VALUE})")
    double occlusion;
    @Option(names = "--degrade", defaultValue = "0", paramLabel = "P",
            description = "share of training crops degraded as a camera or stream would: "
                    + Degradation.TRAINING_RANGES + ", one at random (default: "
                    + "${DEFAULT-VALUE}; measure with evaluate --degrade)")
    double degrade;
    @Option(names = "--ema", defaultValue = "0", paramLabel = "DECAY",
            description = "keep an exponential moving average of the weights with this decay per step (e.g. 0.995) "
                    + "and validate and keep the average; 0: off (default)")
    float emaDecay;
    @Option(names = "--hold-out-fold", paramLabel = "I/K", description = "train without fold I of K of the training"
            + " persons (seeded, see docs/confidence.md): K such models give fit-confidence --error-models the errors"
            + " of persons each never saw")
    String holdOutFold;
    @Option(names = "--device", defaultValue = TrainingConfig.DEFAULT_DEVICE, description = "auto, cpu or gpu")
    String device;
    @Option(names = "--init-from", description = "fine-tune from this model directory") Path initFrom;
    @Option(names = "--resume", description = "continue from the checkpoints in --work") boolean resume;
    @Option(names = "--skip-bad", description = "skip and count bad rows instead of stopping") boolean skipBad;
    @Option(names = "--model-version", description = "version string (default kp-<UTC time>)") String modelVersion;
    @Option(names = "--landmarks-weight", defaultValue = "" + TrainingConfig.DEFAULT_LANDMARKS_WEIGHT,
            paramLabel = "W", description = "weight of the"
            + " 68-point training signal against the 15 served keypoints, for networks that predict them (kpcnn-v3)"
            + " and data that has them (default: ${DEFAULT-VALUE})") float landmarksWeight;
    @Option(names = "--mirror-offset-from", paramLabel = "DIR", description = "label mirrored crops mirror(label) + d,"
            + " with d the labels' left/right offset measured by this model (trained without mirrored crops) on the"
            + " training persons; see docs/training.md (default with --init-from: the initial model's d, if it has one)")
    Path mirrorOffsetFrom;
    @Option(names = "--teacher", paramLabel = "DIR", description = "distil: blend the mean output of these trained"
            + " models (repeat for an ensemble) on each augmented crop into its target; they must read the student's"
            + " input (the same --equalize). The log and report give the teachers' own validation loss first"
            + " (measured: docs/training.md, \"The Wing loss run to the end, and distillation\")")
    List<Path> teachers = new java.util.ArrayList<>();
    @Option(names = "--teacher-weight", defaultValue = "" + Distillation.DEFAULT_WEIGHT, paramLabel = "W",
            description = "with --teacher: the teachers' share of each target, above 0 and at most 1 (default: "
                    + "${DEFAULT-VALUE})")
    float teacherWeight;
    @Option(names = "--publish", description = "after training, publish the model to the model topic if its validation"
            + " RMSE is no worse than the published model's on the same validation persons (docs/models.md)")
    boolean publish;
    @Option(names = "--publish-always", description = "with --publish: publish without the comparison")
    boolean publishAlways;

    @Mixin
    PublishTarget target;

    @Override
    public Integer call() throws Exception {
        ModelMetadata init = initFrom == null ? null : ModelDirectory.readMetadata(initFrom);
        // without an explicit --architecture, fine-tuning keeps the initial model's
        String arch = init != null && !spec.commandLine().getParseResult().hasMatchedOption("--architecture")
                ? init.architecture() : architecture;
        KeypointNetwork.requireKnown(arch);
        // the initial weights were learnt on its preprocessing: fine-tuning on other input would unlearn them
        boolean equalizeCrops = equalize != null ? equalize
                : init != null && init.normalization().histogramEqualization();
        MaskedLoss.named(loss);
        if (!(landmarksWeight >= 0) || Float.isInfinite(landmarksWeight)) {
            throw new IllegalArgumentException("--landmarks-weight " + landmarksWeight + ": expected a weight >= 0");
        }
        if (mirrorOffsetFrom != null) {
            ModelDirectory.readMetadata(mirrorOffsetFrom);
        }
        if (!(flip >= 0 && flip <= 1)) {
            throw new IllegalArgumentException("--flip " + flip + ": expected a probability between 0 and 1");
        }
        Path workDir = work != null ? work
                : out.toAbsolutePath().getParent().resolve(".work-" + out.getFileName());
        if (!(emaDecay == 0 || (emaDecay > 0 && emaDecay < 1))) {
            throw new IllegalArgumentException("--ema " + emaDecay + ": expected 0 (off) or a decay between 0 and 1");
        }
        if (!(occlusion >= 0 && occlusion <= 1)) {
            throw new IllegalArgumentException("--occlusion " + occlusion + ": expected a probability between 0 and 1");
        }
        if (!(degrade >= 0 && degrade <= 1)) {
            throw new IllegalArgumentException("--degrade " + degrade + ": expected a probability between 0 and 1");
        }
        if (!(photometric >= 0 && photometric <= 4)) {
            throw new IllegalArgumentException("--photometric " + photometric + ": expected a factor from 0 to 4");
        }
        if (!(geometry >= 0 && geometry <= 4)) {
            throw new IllegalArgumentException("--geometry " + geometry + ": expected a factor from 0 to 4");
        }
        Augmentation augmentation = noAugment ? Augmentation.none()
                : Augmentation.defaults().withFlip(flip).withPhotometric(photometric).withGeometry(geometry)
                        .withOcclusion(occlusion).withDegradation(degrade);
        // a fine-tune labels mirrored crops as its initial model learnt them, unless told otherwise
        float[] initMirrorOffset = init != null && mirrorOffsetFrom == null && !noAugment ? init.mirrorOffset() : null;
        if (initMirrorOffset != null) {
            augmentation = augmentation.withMirrorOffset(initMirrorOffset);
        }
        TrainingConfig cfg = TrainingConfig.builder().architecture(arch).loss(loss).epochs(epochs).batchSize(batchSize)
                .learningRate(TrainingConfig.learningRate(learningRate, initFrom)).weightDecay(weightDecay).dropout(dropout).patience(patience)
                .validationFraction(validation).seed(seed).equalize(equalizeCrops).augmentation(augmentation).device(device)
                .initFrom(initFrom).resume(resume).modelVersion(modelVersion).testTimeFlip(testTimeFlip)
                .landmarksWeight(landmarksWeight).flipOffsetFrom(mirrorOffsetFrom).emaDecay(emaDecay)
                .heldOutFold(holdOutFold == null ? null : PersonFolds.HeldOut.parse(holdOutFold))
                .distillation(new Distillation(teachers, teacherWeight)).build();
        KeypointTrainer.checkInitFrom(cfg);
        cfg.distillation().requireTeachersReadInput(cfg.equalize()); // before any data is read
        if (publishAlways && !publish) {
            throw new IllegalArgumentException("--publish-always goes with --publish");
        }
        // before hours of training: a wrong address fails now
        Map<String, Object> cluster = publish ? target.clientConfig() : null;
        TrainingJob.run(data, skipBad, cfg, out, workDir, cache, CommandLines.reconstruct("train"), System.err);
        if (publish) {
            // the run's own validation persons: the split is seeded, so reading the data again gives the same
            var validation = PersonSplit.of(TrainingData.read(data, skipBad).faces(), cfg.validationFraction(),
                    cfg.seed()).validation();
            PublishGate.run(validation, out, cluster, target.topic(), target.name(), publishAlways,
                    System.err);
        }
        return 0;
    }
}
