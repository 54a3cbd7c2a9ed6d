package dev.facestream.cli;

import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.connect.KafkaConnection;
import dev.facestream.connect.KafkaTopics;
import dev.facestream.core.wire.ReviewPage;
import dev.facestream.core.wire.SizeLimits;
import dev.facestream.core.wire.Topics;
import dev.facestream.review.ReviewRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facestream review}: the review queue in the browser, corrected faces into a labelled folder. */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = {"Walk the faces the detector queued for review (topic " + Topics.FACE_REVIEW + ") in the"
                + " browser: drag the model's points where they belong and save, or mark \"not a face\", or skip.",
            "Saved faces are appended to LABELS/training.csv in Kaggle's format (train --data LABELS reads it),"
                + " \"not a face\" to LABELS/negatives.csv; the progress is kept in LABELS, so a restart continues"
                + " after the last answer. The page is at http://127.0.0.1:8090/ (--bind, --port). Runs until"
                + " Ctrl-C. See docs/review.md."})
public final class ReviewCommand implements Callable<Integer> {
    @Option(names = "--labels", required = true, paramLabel = "DIR",
            description = "labelled folder to append the reviewed faces to (created if missing)")
    Path labels;

    @Option(names = "--topic", defaultValue = Topics.FACE_REVIEW, paramLabel = "TOPIC",
            description = "the review topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Mixin
    PageBindOption address;

    @Option(names = "--port", defaultValue = "8090", description = "port of the page (0: any free port;"
            + " default: ${DEFAULT-VALUE})")
    int port;

    @Mixin
    DurationOption duration;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    EmbeddedBrokerOption embeddedBroker;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        duration.validate();
        ReviewRun.Settings s = new ReviewRun.Settings().labels(labels).http(address.bind, port).topic(topic);
        embeddedBroker.checkAgainst(kafka);
        // the queue a run on the embedded default left in its broker's directory, or the cluster's
        EmbeddedKafka broker = embeddedBroker.dir == null ? null : EmbeddedKafka.startKeeping(embeddedBroker.dir);
        KafkaConnection k;
        if (broker != null) {
            broker.createTopics(1, SizeLimits.topicConfig(), topic);
            k = KafkaConnection.of(broker.bootstrapServers());
        } else {
            k = kafka.resolve();
            KafkaTopics.ensure(k, kafka.createTopics, Duration.ofSeconds(30), topic);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (EmbeddedKafka closeLast = broker; ReviewRun run = ReviewRun.start(s.kafka(k))) {
            out.println("review: " + run.url() + "  (" + topic + " on "
                    + (broker != null ? "the embedded broker of " + embeddedBroker.dir : k) + ", into " + run.labels()
                    + "; Ctrl-C to stop)");
            out.flush();
            try (Shutdown ignored = Shutdown.onSignal(run::stop)) {
                run.awaitStopped(duration.limit());
                ReviewPage.Progress p = run.progress();
                out.printf(Locale.ROOT, "review: %d saved, %d not a face, %d skipped, %d unreadable records, in %s%n",
                        p.saved(), p.negatives(), p.skipped(), p.unreadable(), run.labels());
                out.flush();
            }
            return 0;
        }
    }
}
