package dev.facestream.trainer.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.model.ModelDirectory;
import dev.facestream.registry.ModelPublisher;
import dev.facestream.registry.ModelTopic;
import dev.facestream.registry.PublishedModel;
import dev.facestream.testkit.ClassBroker;
import dev.facestream.testkit.TestModels;
import dev.facestream.trainer.TestData;
import dev.facestream.trainer.data.FaceData;
import dev.facestream.trainer.data.LabelledFace;
import dev.facestream.trainer.data.PersonSplit;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on a real broker with a good model (the shipped one) and a bad one (untrained): the
 * better one is published, the worse one kept back unless told otherwise, and the report says why.
 */
class PublishGateIT {
    @TempDir
    static Path tmp;

    @RegisterExtension
    static final ClassBroker BROKER = ClassBroker.of(EmbeddedKafka::start);

    static List<LabelledFace> validation;
    static final PrintStream LOG = System.out;

    @BeforeAll
    static void start() throws Exception {
        List<LabelledFace> faces = FaceData.read(TestData.youtubeFaces(), false).faces();
        // a small validation split, chosen as train does (by person, seeded)
        validation = PersonSplit.of(faces, 0.02, 42).validation();
        assertTrue(validation.size() >= 20, "validation faces: " + validation.size());
    }

    /** A copy, because the gate writes into the candidate's report.json. */
    static Path copy(Path from, String name) throws Exception {
        Path to = tmp.resolve(name);
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    static String newestVersion(String topic) throws Exception {
        List<PublishedModel> all = ModelTopic.readAll(BROKER.client(), topic, Duration.ofSeconds(30));
        return all.get(all.size() - 1).parsedHeaders().version();
    }

    static JsonNode gateReport(Path dir) throws Exception {
        return ModelDirectory.JSON.readTree(dir.resolve(ModelDirectory.REPORT_FILE).toFile()).path(PublishGate.REPORT_FIELD);
    }

    @Test
    void aBetterModelIsPublishedAWorseOneKeptAndPublishAlwaysSkipsTheComparison() throws Exception {
        Path trained = copy(TestModels.trained(), "trained");
        String trainedVersion = ModelDirectory.readMetadata(trained).modelVersion();
        Path bad = TestModels.untrained(tmp.resolve("bad"), "untrained-bad");
        String topic = "models-gate";

        // nothing published yet: published without a comparison figure
        PublishGate.Outcome first = PublishGate.run(validation, copy(bad, "bad-first"), BROKER.client(), topic, "default",
                false, LOG);
        assertTrue(first.isPublished());
        assertNull(first.current());
        assertEquals("untrained-bad", newestVersion(topic));

        // the shipped model beats the untrained one on the same faces: published, both figures reported
        PublishGate.Outcome better = PublishGate.run(validation, trained, BROKER.client(), topic, "default", false, LOG);
        assertEquals("published", better.decision());
        assertTrue(better.candidate().rmsePx() < better.current().rmsePx(), better.toString());
        assertEquals("untrained-bad", better.current().version());
        assertEquals(trainedVersion, newestVersion(topic));
        JsonNode report = gateReport(trained);
        assertEquals("published", report.path("decision").asText());
        assertEquals(better.candidate().rmsePx(), report.path("candidate").path("kaggle_rmse_px").asDouble(), 1e-9);
        assertEquals(better.current().rmsePx(), report.path("current").path("kaggle_rmse_px").asDouble(), 1e-9);

        // the untrained one is worse than what is published now: kept, and the topic unchanged
        Path worse = copy(bad, "bad-again");
        PublishGate.Outcome kept = PublishGate.run(validation, worse, BROKER.client(), topic, "default", false, LOG);
        assertEquals("kept", kept.decision());
        assertFalse(kept.isPublished());
        assertTrue(kept.candidate().rmsePx() > kept.current().rmsePx());
        assertEquals(trainedVersion, kept.current().version());
        assertEquals(trainedVersion, newestVersion(topic));
        assertEquals("kept", gateReport(worse).path("decision").asText());

        // unless told to publish anyway
        PublishGate.Outcome forced = PublishGate.run(validation, worse, BROKER.client(), topic, "default", true, LOG);
        assertTrue(forced.isPublished());
        assertNull(forced.current(), "no comparison made");
        assertEquals("untrained-bad", newestVersion(topic));
        ModelPublisher.Published p = forced.published();
        assertEquals(topic, p.topic());
    }
}
