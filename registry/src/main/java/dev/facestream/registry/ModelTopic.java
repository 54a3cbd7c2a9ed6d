package dev.facestream.registry;

import dev.facestream.core.wire.ModelRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The model topic's settings and the client settings to use it (docs/models.md, "Topic"). One
 * partition, so that "newest" is simply the highest offset; compacted, so that each name keeps
 * its newest record; {@code max.message.bytes} large enough for one whole model per record.
 */
public final class ModelTopic {
    /** The topic unless told otherwise ({@code --model-topic}). */
    public static final String DEFAULT_TOPIC = dev.facestream.core.wire.Topics.MODELS;
    /** The record key unless told otherwise ({@code --name}, {@code --model-name}). */
    public static final String DEFAULT_NAME = "default";
    /** {@code max.message.bytes} of the topic: 64 MiB, the format's maximum plus room for key, headers, batch. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    /** What a record of the topic may cost beyond its value (key, headers, batch header); generous. */
    static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

    private ModelTopic() {
    }

    /** The topic-level configs it is created with. */
    public static Map<String, String> configs() {
        Map<String, String> c = new HashMap<>();
        c.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        c.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES));
        // the active segment is never compacted: roll daily (or at 128 MiB) so old versions do go
        c.put(TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(128 * 1024 * 1024));
        c.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis()));
        return c;
    }

    /** Producer settings for records of up to {@link #MAX_MESSAGE_BYTES}; over the caller's client config. */
    public static Map<String, Object> producerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * MAX_MESSAGE_BYTES);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    /** Consumer settings for reading whole models, no group (partitions assigned, nothing committed). */
    public static Map<String, Object> consumerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_MESSAGE_BYTES);
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_MESSAGE_BYTES);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return c;
    }

    /**
     * Makes sure {@code topic} exists; creates it with {@link #configs()} and one partition when
     * {@code create}, else fails naming it. Returns its {@code max.message.bytes}.
     */
    public static int ensure(Map<String, Object> clientConfig, String topic, boolean create, Duration timeout) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        try (Admin admin = Admin.create(config)) {
            Set<String> names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!names.contains(topic)) {
                if (!create) {
                    throw new IllegalStateException("model topic " + topic + " does not exist on "
                            + clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                            + "; publish a model first (facestream publish-model creates it) or pass --create-topics");
                }
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()).configs(configs())))
                            .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try {
                    Config c = admin.describeConfigs(List.of(resource)).all()
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
                    return Integer.parseInt(c.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
                } catch (ExecutionException e) {
                    // a topic created a moment ago (here or by another publisher) may not be in the
                    // broker's metadata yet: ask again until the deadline
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot check model topic " + topic + " on "
                    + clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + cause, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking model topic " + topic, e);
        }
    }

    /** The largest {@link ModelRecord} value a topic with this {@code max.message.bytes} takes. */
    public static int maxValueBytes(int maxMessageBytes) {
        return Math.min(ModelRecord.MAX_BYTES, maxMessageBytes - RECORD_OVERHEAD_BYTES);
    }

    /** Every record of the topic, oldest first, read from its start to its end as of now. */
    public static List<PublishedModel> readAll(Map<String, Object> clientConfig, String topic, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(clientConfig))) {
            return readToEnd(consumer, topic, timeout);
        }
    }

    /**
     * Assigns all of {@code topic} to {@code consumer} from the start and reads up to the end
     * offsets as of now; the consumer stays positioned there, to follow the topic.
     */
    public static List<PublishedModel> readToEnd(KafkaConsumer<String, byte[]> consumer, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("model topic " + topic + " does not exist");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        List<PublishedModel> out = new ArrayList<>();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reading model topic " + topic + " took longer than " + timeout);
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                out.add(PublishedModel.of(r));
            }
        }
        out.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        return out;
    }
}
