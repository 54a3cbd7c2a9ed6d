package dev.facestream.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import dev.facestream.connect.KafkaTopics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker running inside this JVM on free loopback ports.
 *
 * <pre>
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     kafka.createTopics(1, "face-crops", "keypoints");
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * </pre>
 *
 * Start-up does what {@code kafka-storage.sh format} and {@code kafka-server-start.sh} do: format
 * a fresh log directory with a random cluster id ({@link Formatter}), then start
 * {@link KafkaRaftServer} in combined broker+controller mode and wait until it answers.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CONTROLLER = "CONTROLLER";
    private static final String SASL = "SASL_PLAINTEXT";
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final Path dir;
    private final String bootstrap;
    private final String saslBootstrap;
    private final boolean deleteOnClose;

    private EmbeddedKafka(KafkaRaftServer server, Path dir, String bootstrap, String saslBootstrap,
            boolean deleteOnClose) {
        this.server = server;
        this.dir = dir;
        this.bootstrap = bootstrap;
        this.saslBootstrap = saslBootstrap;
        this.deleteOnClose = deleteOnClose;
    }

    /** Starts a broker and waits (up to a minute) until it accepts client requests. */
    public static EmbeddedKafka start() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("facestream-kafka");
            // Free ports are found by binding port 0 and releasing it; Kafka's own listener on
            // port 0 would work for clients, but the controller quorum needs a fixed address in
            // its configuration before the server starts.
            int[] ports = freePorts(2);
            return start(dir, ports[0], ports[1], true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a broker that keeps its data in {@code dir} (created if missing) after it closes: a
     * broker started later on the same directory, by this process or another, has its topics, their
     * records and the consumer groups' offsets. One broker at a time per directory (Kafka locks it).
     */
    public static EmbeddedKafka startKeeping(Path dir) {
        try {
            Files.createDirectories(dir);
            int[] ports = freePorts(2);
            return start(dir, ports[0], ports[1], false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker on " + dir + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Starts a broker that, besides its plaintext listener, has a {@code SASL_PLAINTEXT} listener
     * with the {@code PLAIN} mechanism that knows {@code users} (user name to password), for tests
     * of what clients say about credentials ({@link #saslBootstrapServers()}). The passwords are in
     * the broker's JAAS configuration ({@code listener.name.sasl_plaintext.plain.sasl.jaas.config}),
     * as on a real broker; the plaintext listener stays for the test's own admin work.
     */
    public static EmbeddedKafka startWithPlainUsers(Map<String, String> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("no SASL users");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("facestream-kafka");
            int[] ports = freePorts(3);
            return start(dir, ports[0], ports[1], ports[2], users, true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a broker on {@code dir} and the given ports: the log directory is formatted only if
     * it is not yet, so a broker stopped (or killed) on {@code dir} restarts with its data, as a
     * standalone broker does ({@link BrokerProcess} runs one in its own JVM).
     *
     * @param deleteOnClose whether {@link #close()} deletes {@code dir}
     */
    public static EmbeddedKafka start(Path dir, int port, int controllerPort, boolean deleteOnClose) {
        return start(dir, port, controllerPort, -1, Map.of(), deleteOnClose);
    }

    private static EmbeddedKafka start(Path dir, int port, int controllerPort, int saslPort, Map<String, String> users,
            boolean deleteOnClose) {
        try {
            String logDir = dir.resolve("log").toString();
            String host = InetAddress.getLoopbackAddress().getHostAddress();
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", Integer.toString(NODE_ID));
            p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
            String sasl = saslPort < 0 ? "" : "," + SASL + "://" + host + ":" + saslPort;
            p.put("listeners", "PLAINTEXT://" + host + ":" + port + sasl + "," + CONTROLLER + "://" + host + ":"
                    + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port + sasl);
            p.put("controller.listener.names", CONTROLLER);
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT"
                    + (saslPort < 0 ? "" : "," + SASL + ":" + SASL));
            if (saslPort >= 0) {
                p.put("sasl.enabled.mechanisms", "PLAIN");
                p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", plainJaas(users));
            }
            p.put("log.dirs", logDir);
            // one node: internal topics cannot have more than one replica
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("transaction.state.log.num.partitions", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            // consumer groups (Kafka Streams) join at once instead of waiting 3 s for more members
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("auto.create.topics.enable", "false");
            p.put("num.partitions", "1");
            // the log cleaner's default 128 MB dedupe buffer is wasted on a demo broker
            p.put("log.cleaner.dedupe.buffer.size", "2097152");
            KafkaConfig config = new KafkaConfig(p, false);

            if (!Files.exists(dir.resolve("log").resolve("meta.properties"))) {
                Formatter formatter = new Formatter()
                        .setClusterId(Uuid.randomUuid().toString())
                        .setNodeId(NODE_ID)
                        .setDirectories(List.of(logDir))
                        .setMetadataLogDirectory(logDir)
                        .setControllerListenerName(CONTROLLER)
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()));
                formatter.run();
            }

            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(server, dir, host + ":" + port,
                    saslPort < 0 ? null : host + ":" + saslPort, deleteOnClose);
            kafka.awaitReady(Duration.ofMinutes(1));
            LOG.info("embedded Kafka broker listening on {} (data in {})", kafka.bootstrap, dir);
            return kafka;
        } catch (Exception e) {
            if (deleteOnClose) {
                deleteQuietly(dir);
            }
            throw new IllegalStateException("cannot start the embedded Kafka broker on " + dir + ": " + e.getMessage(),
                    e);
        }
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrap;
    }

    /**
     * {@code host:port} of the {@code SASL_PLAINTEXT} (mechanism {@code PLAIN}) listener of a broker
     * started with {@link #startWithPlainUsers}.
     *
     * @throws IllegalStateException when this broker has none
     */
    public String saslBootstrapServers() {
        if (saslBootstrap == null) {
            throw new IllegalStateException("this broker has no SASL listener (see startWithPlainUsers)");
        }
        return saslBootstrap;
    }

    /** The PLAIN login module's server side: one {@code user_NAME="PASSWORD"} per user. */
    private static String plainJaas(Map<String, String> users) {
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        users.forEach((user, password) -> {
            if (!user.matches("[A-Za-z0-9._-]+") || password.contains("\"") || password.contains("\\")) {
                throw new IllegalArgumentException("SASL user names are letters, digits, '.', '_' or '-', and"
                        + " passwords contain no quote or backslash: " + user);
            }
            jaas.append(" user_").append(user).append("=\"").append(password).append('"');
        });
        return jaas.append(';').toString();
    }

    /** Where the broker keeps its data; deleted on {@link #close()}. */
    public Path dataDirectory() {
        return dir;
    }

    /** Creates topics (single replica) that do not exist yet, and waits until they are served. */
    public void createTopics(int partitions, String... topics) {
        createTopics(partitions, Map.of(), topics);
    }

    /** Creates topics (single replica) with topic-level {@code configs} that do not exist yet. */
    public void createTopics(int partitions, Map<String, String> configs, String... topics) {
        List<NewTopic> newTopics = new ArrayList<>();
        for (String t : topics) {
            newTopics.add(new NewTopic(t, partitions, (short) 1).configs(configs));
        }
        try (Admin admin = admin()) {
            for (var f : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    f.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + f.getKey() + ": " + e.getCause(), e);
                    }
                }
            }
            KafkaTopics.awaitServed(admin, List.of(topics), Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("topic creation timed out", e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        // The first describeCluster succeeds only once the broker has registered with its own
        // controller and been unfenced, i.e. when produce and fetch requests will be served.
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("broker did not become ready within " + timeout, e);
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    /** Stops the broker and deletes its data (unless started to keep it). */
    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (deleteOnClose) {
                deleteQuietly(dir);
            }
        }
    }

    /** {@code n} distinct ports free on the loopback interface right now. */
    public static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                s.setReuseAddress(true);
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private static void deleteQuietly(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete embedded Kafka data in {}: {}", root, e.toString());
        }
    }
}
