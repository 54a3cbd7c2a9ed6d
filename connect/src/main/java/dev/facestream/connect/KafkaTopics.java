package dev.facestream.connect;

import dev.facestream.core.wire.SizeLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Checks before a command starts streaming, so that a wrong address or a missing topic is one
 * clear error at once instead of a client retrying in the background for a minute (the
 * producer's send blocks for {@code max.block.ms}; Kafka Streams fails with a missing source
 * topic only after it joined its group).
 */
public final class KafkaTopics {
    private KafkaTopics() {
    }

    /**
     * Makes sure Kafka answers and {@code topics} exist; with {@code create}, creates the missing
     * ones with the cluster's default partitions and replication.
     *
     * @throws IllegalStateException naming the servers or the missing topics
     */
    public static void ensure(KafkaConnection kafka, boolean create, Duration timeout, String... topics) {
        String unreachable = KafkaReachability.problem(kafka.bootstrapServers());
        if (unreachable != null) {
            throw new IllegalStateException("cannot reach Kafka at " + kafka.bootstrapServers() + ": " + unreachable
                    + "; check --bootstrap-servers");
        }
        var config = kafka.clientConfig();
        // the admin call must not outlive our own deadline
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        try (Admin admin = Admin.create(config)) {
            Set<String> existing;
            try {
                existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                if (e.getCause() instanceof AuthenticationException a) {
                    throw new IllegalStateException(credentialsRefused(kafka, a), e);
                }
                if (e.getCause() instanceof AuthorizationException a) {
                    throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " does not allow this"
                            + " client to list topics (" + a.getMessage() + "); check its ACLs", e);
                }
                throw new IllegalStateException("cannot reach Kafka at " + kafka.bootstrapServers() + " within "
                        + timeout.toSeconds() + " s (" + cause(e) + "): the port answers but no Kafka request"
                        + " succeeded; check --bootstrap-servers (a Kafka listener?) and security.protocol in"
                        + " --kafka-config", e);
            }
            List<String> missing = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(t)) {
                    missing.add(t);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            if (!create) {
                throw new IllegalStateException("topic(s) " + missing + " do not exist on " + kafka.bootstrapServers()
                        + "; create them (kafka-topics.sh --create --topic NAME ...) or pass --create-topics");
            }
            List<NewTopic> newTopics = missing.stream()
                    .map(t -> new NewTopic(t, Optional.empty(), Optional.empty()).configs(SizeLimits.topicConfig())).toList();
            for (var f : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    f.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + f.getKey() + " on "
                                + kafka.bootstrapServers() + ": " + cause(e), e);
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("creating topic " + f.getKey() + " timed out", e);
                }
            }
            awaitServed(admin, missing, timeout);
        } catch (KafkaException e) {
            // e.g. an unresolvable host name or a bad security property: Admin.create fails
            throw new IllegalStateException("cannot connect to Kafka at " + kafka.bootstrapServers() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka topics", e);
        }
    }

    /**
     * Waits until the leader of every partition of {@code topics} serves it, i.e. answers a
     * ListOffsets request (the Admin client retries while the answer is "not leader" or "unknown
     * partition"). A just-created topic's partitions are in the broker's metadata, with their
     * leader, a moment before its replica manager has their logs; a produce in between is answered
     * NOT_LEADER_OR_FOLLOWER with a hint naming that same leader and epoch. The idempotent producer
     * of kafka-clients 4.1.1 then went on sending later sequence numbers, which the broker refused
     * as OUT_OF_ORDER_SEQUENCE_NUMBER, and its first batch was never accepted: the partition was
     * stuck until {@code delivery.timeout.ms} expired that batch, and its record was lost
     * (docs/reliability.md, the kill drill). Producing only to served partitions avoids that window.
     *
     * @throws IllegalStateException naming the topics when they are not served within {@code timeout}
     */
    public static void awaitServed(Admin admin, java.util.Collection<String> topics, Duration timeout)
            throws InterruptedException {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                        new java.util.HashMap<>();
                for (var d : admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .values()) {
                    for (var p : d.partitions()) {
                        latest.put(new org.apache.kafka.common.TopicPartition(d.name(), p.partition()),
                                org.apache.kafka.clients.admin.OffsetSpec.latest());
                    }
                }
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                admin.listOffsets(latest).all().get(left, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the partitions of " + topics + " are not served by their leaders within "
                + timeout.toSeconds() + " s" + (last == null ? "" : " (" + cause(last) + ")"), last);
    }

    /**
     * {@code authentication failed: Kafka at H refused the credentials of user 'U' (SASL PLAIN): <the
     * broker's reason>; check ...}. Kafka's message carries no secret (it says e.g. "Invalid
     * username or password"); the password is never part of it.
     */
    static String credentialsRefused(KafkaConnection kafka, AuthenticationException a) {
        String who = kafka.saslIdentity();
        return "authentication failed: Kafka at " + kafka.bootstrapServers() + " refused the credentials"
                + (who.isEmpty() ? "" : " of " + who) + " (" + a.getMessage() + "); check sasl.* / ssl.* in"
                + " --kafka-config or " + KafkaConnection.ENV_PREFIX + "SASL_JAAS_CONFIG";
    }

    private static String cause(Exception e) {
        if (e instanceof TimeoutException) {
            return "no answer";
        }
        Throwable c = e.getCause() != null ? e.getCause() : e;
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
