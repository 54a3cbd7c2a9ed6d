package dev.facestream.cli;

import dev.facestream.broker.BrokerProcess;
import dev.facestream.broker.EmbeddedKafka;
import dev.facestream.connect.KafkaTopics;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The processes of the fault drills (docs/reliability.md): a broker in a JVM of its own
 * ({@link BrokerProcess}, killable and restartable on its data) and {@code detect-stream} as the
 * product runs it, each on this test's classpath. Killing is SIGKILL ({@link Process#destroyForcibly}
 * on Linux) or SIGTERM ({@link Process#destroy}).
 */
final class DrillProcesses {
    private DrillProcesses() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A broker process on a data directory and fixed ports, so that it can be restarted in place. */
    static final class Broker implements AutoCloseable {
        final Path dir;
        final int port;
        final int controllerPort;
        private Process process;
        private int starts;
        private Path log;

        Broker(Path dir) throws IOException {
            this.dir = dir;
            int[] ports = EmbeddedKafka.freePorts(2);
            this.port = ports[0];
            this.controllerPort = ports[1];
        }

        String bootstrap() {
            return "127.0.0.1:" + port;
        }

        Broker start() throws Exception {
            log = dir.resolveSibling(dir.getFileName() + "-broker-" + (starts++) + ".log");
            // the broker's warnings go to its own log (the command line's logging config silences kafka.*)
            ProcessBuilder pb = new ProcessBuilder(java(), "-Xmx512m", "-Dorg.slf4j.simpleLogger.log.kafka=warn",
                    "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-cp", System.getProperty("java.class.path"),
                    BrokerProcess.class.getName(), dir.toString(), Integer.toString(port),
                    Integer.toString(controllerPort));
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            process = pb.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                if (Files.readString(log, StandardCharsets.UTF_8).contains(BrokerProcess.READY)) {
                    return this;
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("broker did not start; its log " + log + ":\n" + Files.readString(log));
        }

        void createTopics(int partitions, String... topics) throws Exception {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
                List<NewTopic> t = new ArrayList<>();
                for (String name : topics) {
                    t.add(new NewTopic(name, partitions, (short) 1));
                }
                admin.createTopics(t).all().get(30, TimeUnit.SECONDS);
                // before any client produces: see KafkaTopics.awaitServed (a feed started into the window
                // between creation and the leader serving the partition had one partition stuck for 300 s)
                KafkaTopics.awaitServed(admin, List.of(topics), Duration.ofMinutes(1));
            }
        }

        /** The last lines of the current broker process's log, for failure messages. */
        String tail() throws IOException {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }

        /** SIGKILL (true) or SIGTERM, then waits for the process to end. */
        void kill(boolean hard) throws InterruptedException {
            if (hard) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null && process.isAlive()) {
                kill(true);
            }
        }
    }

    /** {@code facestream detect-stream} in a child JVM. */
    static final class Detector implements AutoCloseable {
        final Path log;
        final Process process;
        final long startedNanos = System.nanoTime();

        private Detector(Path log, Process process) {
            this.log = log;
            this.process = process;
        }

        /**
         * @param extraArgs after the common ones (e.g. {@code --instance-id ID})
         * @param env       extra environment (FACESTREAM_KAFKA_* client settings)
         */
        static Detector start(String bootstrap, Path model, String applicationId, Path stateDir, Path log,
                Map<String, String> env, String... extraArgs) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g", "-Dai.djl.offline=true",
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "detect-stream",
                    "--bootstrap-servers", bootstrap, "--model", model.toString(), "--device", "cpu",
                    "--application-id", applicationId, "--batch-size", "16", "--max-wait-ms", "50",
                    "--inference-threads", "1", "--metrics-port", "-1", "--state-dir", stateDir.toString()));
            cmd.addAll(List.of(extraArgs));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            return new Detector(log, pb.start());
        }

        /** Waits until the detector has said it is detecting (model loaded, streams started). */
        Duration awaitStarted(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (Files.readString(log).contains("detecting: ")) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("detect-stream did not start; its log " + log + ":\n" + tail());
        }

        String tail() throws IOException {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(40, TimeUnit.SECONDS)) {
                    kill9();
                }
            }
        }
    }

    /** The first line of {@code log} containing {@code text}, or null. */
    static String line(Path log, String text) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(log)) {
            return r.lines().filter(l -> l.contains(text)).findFirst().orElse(null);
        }
    }
}
