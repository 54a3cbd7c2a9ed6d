package dev.facestream.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@link EmbeddedKafka} as a broker process of its own, for tests that must kill or restart the
 * broker (SIGTERM: orderly shutdown; SIGKILL: none) while clients run in other processes:
 *
 * <pre>
 * java -cp CLASSPATH dev.facestream.broker.BrokerProcess DIR PORT CONTROLLER_PORT
 * </pre>
 *
 * Formats {@code DIR} on first start and reuses it after, keeps it on exit, and prints one line
 * {@value #READY} followed by {@code host:port} on standard output once clients are served.
 */
public final class BrokerProcess {
    /** The line start on standard output that says the broker serves clients. */
    public static final String READY = "facestream broker ready on ";

    private BrokerProcess() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: BrokerProcess DIR PORT CONTROLLER_PORT");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, Integer.parseInt(args[1]), Integer.parseInt(args[2]), false);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println(READY + kafka.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
