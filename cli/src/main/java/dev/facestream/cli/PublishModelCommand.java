package dev.facestream.cli;

import dev.facestream.registry.ModelPublisher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code facestream publish-model}: a model directory, checked, onto the model topic for the detectors. */
@Command(name = "publish-model", mixinStandardHelpOptions = true,
        description = {"Check a model directory (metadata, weights, architecture, input size, keypoint names, crop rule),"
                + " run it on the probe crop, and publish it as one record keyed by --name to the compacted model"
                + " topic, which is created when missing. Detectors started with --model-topic serve it within"
                + " seconds, without a restart. Publishing an older directory again rolls back to it.",
            "See docs/models.md."})
public final class PublishModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model directory to publish")
    Path model;

    @Mixin
    PublishTarget target;

    @Override
    public Integer call() throws Exception {
        ModelPublisher.Published p = ModelPublisher.publish(target.clientConfig(), target.topic(), target.name(),
                model);
        spec.commandLine().getOut().println(p);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
