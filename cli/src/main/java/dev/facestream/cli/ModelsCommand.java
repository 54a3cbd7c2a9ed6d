package dev.facestream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facestream.model.ModelDirectory;
import dev.facestream.model.ModelMetadata;
import dev.facestream.core.wire.ModelRecord;
import dev.facestream.registry.ModelChecks;
import dev.facestream.registry.ModelRejectedException;
import dev.facestream.registry.ModelTopic;
import dev.facestream.registry.PublishedModel;
import dev.facestream.connect.KafkaConnection;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code facestream models}: what the model topic holds. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the records of the model topic, oldest first: name, version, created, validation RMSE,"
                + " published when and from where, size, and whether it is the newest of its name (what detectors"
                + " serve, if it passes their checks) or why it would be rejected.",
            "Until the topic is compacted it also holds older versions."})
public final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelTopicOption topic;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        KafkaConnection k = kafka.resolve();
        String t = topic.topicOrDefault();
        ModelTopic.ensure(k.clientConfig(), t, false, Duration.ofSeconds(30));
        PrintWriter out = spec.commandLine().getOut();
        print(ModelTopic.readAll(k.clientConfig(), t, Duration.ofMinutes(2)), out);
        out.flush();
        return 0;
    }

    /** One line per record, newest of each name marked. */
    static void print(List<PublishedModel> records, PrintWriter out) {
        Map<String, Long> newest = new HashMap<>();
        records.forEach(r -> newest.merge(r.name(), r.offset(), Math::max));
        out.printf(Locale.ROOT, "%-10s %-24s %-24s %-8s %-24s %-16s %9s %6s  %s%n", "NAME", "VERSION", "CREATED",
                "RMSE_PX", "PUBLISHED", "HOST", "BYTES", "OFFSET", "STATUS");
        for (PublishedModel r : records) {
            String version = "?";
            String created = "?";
            String rmse = "?";
            String published = "?";
            String host = "?";
            String status;
            try {
                ModelRecord.Headers h = r.parsedHeaders();
                published = h.publishedAt();
                host = h.host();
                version = h.version();
                ModelRecord record = r.decode();
                ModelMetadata m = ModelChecks.metadata(record.metadata(), r.describe());
                created = m.createdAt();
                JsonNode figure = ModelDirectory.JSON.valueToTree(m.metrics() == null ? Map.of() : m.metrics())
                        .path("kaggle_rmse_px");
                rmse = figure.isNumber() ? String.format(Locale.ROOT, "%.3f", figure.asDouble()) : "-";
                status = newest.get(r.name()) == r.offset() ? "newest" : "older";
            } catch (ModelRejectedException e) {
                status = "rejected " + e.reason() + ": " + e.getMessage();
            }
            out.printf(Locale.ROOT, "%-10s %-24s %-24s %-8s %-24s %-16s %9d %6d  %s%n", r.name(), version, created, rmse,
                    published, host, r.value() == null ? 0 : r.value().length, r.offset(), status);
        }
        if (records.isEmpty()) {
            out.println("(the topic holds no models; publish one with facestream publish-model)");
        }
    }
}
