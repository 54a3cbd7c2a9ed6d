package dev.facestream.testkit;

import dev.facestream.broker.EmbeddedKafka;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded broker for all the tests of a class: started before the class's first test (and
 * its {@code @BeforeAll} methods), closed after its last.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final ClassBroker BROKER = ClassBroker.of(EmbeddedKafka::start);
 * </pre>
 */
public final class ClassBroker implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<EmbeddedKafka> start;
    private EmbeddedKafka kafka;

    private ClassBroker(Supplier<EmbeddedKafka> start) {
        this.start = start;
    }

    /** A broker started by {@code start}, e.g. {@code EmbeddedKafka::start}. */
    public static ClassBroker of(Supplier<EmbeddedKafka> start) {
        return new ClassBroker(start);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = start.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    /** The broker, while the class's tests run. */
    public EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("the class broker runs only while the test class does");
        }
        return kafka;
    }

    /** Client properties that reach the broker: its bootstrap servers. */
    public Map<String, Object> client() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers());
    }
}
