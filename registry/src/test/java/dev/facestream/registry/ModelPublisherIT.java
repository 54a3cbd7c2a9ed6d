package dev.facestream.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.core.wire.ModelRecord;
import dev.facestream.testkit.ClassBroker;
import dev.facestream.testkit.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Publishing to a real broker: the topic it creates, the record it writes, and a topic too small for it. */
class ModelPublisherIT {
    @TempDir
    static Path tmp;

    @RegisterExtension
    static final ClassBroker BROKER = ClassBroker.of(EmbeddedKafka::start);
    static Path model;

    @BeforeAll
    static void start() throws Exception {
        model = TestModels.untrained(tmp.resolve("m"), "v-publish");
    }

    @Test
    void publishingCreatesTheCompactedTopicAndWritesOneRecordWithItsHeaders() throws Exception {
        ModelPublisher.Published p = ModelPublisher.publish(BROKER.client(), "models-pub", "default", model);
        assertEquals("v-publish", p.version());
        try (Admin admin = Admin.create(BROKER.client())) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "models-pub");
            Config c = admin.describeConfigs(List.of(r)).all().get().get(r);
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals(Integer.toString(ModelTopic.MAX_MESSAGE_BYTES), c.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
            assertEquals(1, admin.describeTopics(List.of("models-pub")).allTopicNames().get().get("models-pub")
                    .partitions().size());
        }
        List<PublishedModel> all = ModelTopic.readAll(BROKER.client(), "models-pub", Duration.ofSeconds(30));
        assertEquals(1, all.size());
        PublishedModel m = all.get(0);
        assertEquals("default", m.name());
        ModelRecord.Headers h = m.parsedHeaders();
        assertEquals("v-publish", h.version());
        assertEquals(p.sha256(), h.sha256());
        assertEquals(p.publishedAt(), h.publishedAt());
        assertTrue(!h.host().isBlank());
        assertEquals(p.sha256(), m.decode().weightsSha256());
    }

    @Test
    void aModelTooLargeForTheTopicIsRefusedBeforeAnythingIsSent() throws Exception {
        try (Admin admin = Admin.create(BROKER.client())) {
            admin.createTopics(List.of(new NewTopic("models-small", 1, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024))))).all().get();
        }
        ModelRejectedException e = assertThrows(ModelRejectedException.class,
                () -> ModelPublisher.publish(BROKER.client(), "models-small", "default", model));
        assertEquals(ModelRejectedException.Reason.OVERSIZED, e.reason());
        assertTrue(e.getMessage().contains("models-small") && e.getMessage().contains("max.message.bytes"),
                e.getMessage());
        assertEquals(List.of(), ModelTopic.readAll(BROKER.client(), "models-small", Duration.ofSeconds(30)));
    }
}
