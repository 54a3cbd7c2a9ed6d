package dev.facestream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectionTest {
    @TempDir
    Path tmp;

    @Test
    void fileThenEnvironmentThenFlagEachOverrideTheOneBefore() throws IOException {
        Path file = tmp.resolve("client.properties");
        Files.writeString(file, """
                bootstrap.servers=from-file:9092
                security.protocol=SSL
                sasl.mechanism=PLAIN
                """);
        Map<String, String> env = Map.of(
                "FACESTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "FACESTREAM_KAFKA_SASL_JAAS_CONFIG", "secret",
                "FACESTREAM_KAFKA_BOOTSTRAP_SERVERS", "from-env:9092",
                "FACESTREAM_KAFKA_CONFIG", file.toString(),
                "UNRELATED", "x");

        KafkaConnection fileOnly = KafkaConnection.resolve(null, file, Map.of());
        assertEquals("from-file:9092", fileOnly.bootstrapServers());
        assertEquals("SSL", fileOnly.properties().get("security.protocol"));

        KafkaConnection withEnv = KafkaConnection.resolve(null, file, env);
        assertEquals("from-env:9092", withEnv.bootstrapServers());
        assertEquals("SASL_SSL", withEnv.properties().get("security.protocol"));
        assertEquals("PLAIN", withEnv.properties().get("sasl.mechanism"));
        assertEquals("secret", withEnv.properties().get("sasl.jaas.config"));
        assertFalse(withEnv.properties().containsKey("bootstrap.servers"), "bootstrap is kept apart");
        assertEquals(3, withEnv.properties().size(),
                "only FACESTREAM_KAFKA_ variables are taken, and not the one naming the file (--kafka-config)");

        KafkaConnection withFlag = KafkaConnection.resolve("from-flag:9092", file, env);
        assertEquals("from-flag:9092", withFlag.bootstrapServers());
        assertEquals("from-flag:9092", withFlag.clientConfig().get("bootstrap.servers"));
    }

    @Test
    void withoutAnySettingTheDefaultBootstrapIsLocalhost() throws IOException {
        assertEquals(KafkaConnection.DEFAULT_BOOTSTRAP,
                KafkaConnection.resolve(null, null, Map.of()).bootstrapServers());
    }

    @Test
    void aMissingConfigFileIsAnErrorNamingIt() {
        Path missing = tmp.resolve("nope.properties");
        IOException e = assertThrows(IOException.class, () -> KafkaConnection.resolve(null, missing, Map.of()));
        assertTrue(e.getMessage().contains("--kafka-config " + missing), e.getMessage());
    }

    @Test
    void secretsStayOutOfTheDescription() throws IOException {
        KafkaConnection c = KafkaConnection.resolve("k:9092", null,
                Map.of("FACESTREAM_KAFKA_SASL_JAAS_CONFIG", "pw=hunter2"));
        assertFalse(c.toString().contains("hunter2"), c.toString());
        assertTrue(c.toString().contains("sasl.jaas.config"), c.toString());
    }

    @Test
    void theSaslIdentityNamesTheUserAndMechanismButNeverThePassword() {
        KafkaConnection plain = new KafkaConnection("k:9092", Map.of("sasl.mechanism", "PLAIN", "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\""
                        + " password=\"s3cr3t\";"));
        assertEquals("user 'alice' (SASL PLAIN)", plain.saslIdentity());
        KafkaConnection noUser = new KafkaConnection("k:9092", Map.of("sasl.jaas.config",
                "com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true;"));
        assertEquals("the login in sasl.jaas.config (SASL GSSAPI)", noUser.saslIdentity());
        assertEquals("", KafkaConnection.of("k:9092").saslIdentity());
    }
}
