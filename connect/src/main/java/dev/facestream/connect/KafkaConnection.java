package dev.facestream.connect;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where Kafka is and how to talk to it: the bootstrap servers plus any client properties
 * (security, timeouts, ...) every facestream client (producer, Streams detector, consumers)
 * should use.
 *
 * <h2>Sources, later ones win</h2>
 * <ol>
 *   <li>{@code --kafka-config FILE}: a Java properties file in the Kafka client format, e.g.
 *       {@code security.protocol=SASL_SSL}, {@code sasl.mechanism=PLAIN},
 *       {@code sasl.jaas.config=...}, {@code ssl.truststore.location=...};</li>
 *   <li>environment variables {@code FACESTREAM_KAFKA_<NAME>}: the property name upper-cased with
 *       dots as underscores ({@code FACESTREAM_KAFKA_SECURITY_PROTOCOL=SASL_SSL} sets
 *       {@code security.protocol}), so containers can add or override secrets without a file;</li>
 *   <li>{@code --bootstrap-servers}.</li>
 * </ol>
 * Without any of them the bootstrap servers are {@value #DEFAULT_BOOTSTRAP}. Kafka property
 * names contain no underscores, so the environment mapping is unambiguous. One name is taken:
 * {@value #CONFIG_FILE_VARIABLE} is the command line's way to give {@code --kafka-config} (every
 * option {@code --x-y} can be given as {@code FACESTREAM_X_Y}), not a property.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param properties       the other client properties, without {@code bootstrap.servers}
 */
public record KafkaConnection(String bootstrapServers, Map<String, Object> properties) {
    public static final String ENV_PREFIX = "FACESTREAM_KAFKA_";
    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    /** The variable that names the properties file, see the class comment. */
    public static final String CONFIG_FILE_VARIABLE = ENV_PREFIX + "CONFIG";

    public KafkaConnection {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be empty");
        }
        properties = Map.copyOf(properties);
    }

    /** Just the bootstrap servers (the embedded broker needs nothing else). */
    public static KafkaConnection of(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /**
     * Resolves the connection from the three sources above.
     *
     * @param bootstrapFlag {@code --bootstrap-servers}, or null when not given
     * @param configFile    {@code --kafka-config}, or null
     * @param env           the environment, normally {@link System#getenv()}
     * @throws IOException naming the file when it is missing or unreadable
     */
    public static KafkaConnection resolve(String bootstrapFlag, Path configFile, Map<String, String> env)
            throws IOException {
        Map<String, Object> props = new TreeMap<>();
        if (configFile != null) {
            Properties file = new Properties();
            try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                file.load(r);
            } catch (NoSuchFileException e) {
                throw new IOException("--kafka-config " + configFile + ": no such file");
            } catch (IOException | IllegalArgumentException e) {
                throw new IOException("--kafka-config " + configFile + ": not a readable properties file ("
                        + e.getMessage() + ")", e);
            }
            file.stringPropertyNames().forEach(k -> props.put(k.trim(), file.getProperty(k).trim()));
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()
                    && !name.equals(CONFIG_FILE_VARIABLE)) {
                props.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        Object fromProps = props.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        String bootstrap = bootstrapFlag != null && !bootstrapFlag.isBlank() ? bootstrapFlag
                : fromProps != null && !fromProps.toString().isBlank() ? fromProps.toString()
                : DEFAULT_BOOTSTRAP;
        return new KafkaConnection(bootstrap.trim(), props);
    }

    /** Bootstrap servers and properties together, for an admin client or a consumer. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> c = new TreeMap<>(properties);
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return c;
    }

    /**
     * Who this client says it is, for error messages: {@code user 'NAME' (SASL MECHANISM)} from the
     * {@code username} of {@code sasl.jaas.config} and {@code sasl.mechanism}; the password is never
     * read. Empty without {@code sasl.jaas.config}.
     */
    public String saslIdentity() {
        Object jaas = properties.get("sasl.jaas.config");
        if (jaas == null) {
            return "";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\busername\\s*=\\s*\"([^\"]*)\"")
                .matcher(jaas.toString());
        String user = m.find() ? "user '" + m.group(1) + "'" : "the login in sasl.jaas.config";
        return user + " (SASL " + properties.getOrDefault("sasl.mechanism", "GSSAPI") + ")";
    }

    /**
     * For logs: the bootstrap servers and the property names, never their values (a JAAS config
     * or a keystore password must not end up in a log).
     */
    @Override
    public String toString() {
        return bootstrapServers + (properties.isEmpty() ? "" : " with " + properties.keySet());
    }
}
