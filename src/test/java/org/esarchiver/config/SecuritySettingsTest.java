package org.esarchiver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security keys: CA fingerprint, Kafka SASL and TLS, Kerberos; consistent combinations, secrets never shown. */
class SecuritySettingsTest {
  private static final String FINGERPRINT = "7a0c2b5f" + "0".repeat(56);

  @TempDir
  Path dir;

  @Test
  void caFingerprintAcceptsElasticsearchAndOpensslFormsAndNeedsHttps() throws IOException {
    String openssl = String.join(":", FINGERPRINT.toUpperCase().split("(?<=\\G..)"));
    ArchiverConfig config = load(es("https://es:9200", "  ca_fingerprint: " + openssl + "\n"), Map.of());
    assertThat(config.elasticsearch().caFingerprint()).contains(FINGERPRINT);

    assertInvalid(es("https://es:9200", "  ca_fingerprint: abc\n"), "elasticsearch.ca_fingerprint: expected the"
        + " SHA-256 fingerprint of the CA certificate: 64 hex digits, colons allowed, got \"abc\"");
    assertInvalid(es("http://es:9200", "  ca_fingerprint: " + FINGERPRINT + "\n"),
        "elasticsearch.ca_fingerprint: is only used with https hosts; expected elasticsearch.hosts with https:// URLs");
    Path ca = Files.writeString(dir.resolve("ca.crt"), "pem");
    assertInvalid(es("https://es:9200", "  ca_fingerprint: " + FINGERPRINT + "\n  ca_certificate: " + ca + "\n"),
        "elasticsearch.ca_fingerprint: cannot be combined with ca_certificate; expected either ca_certificate or"
            + " ca_fingerprint");
  }

  @Test
  void kafkaSaslTakesThePasswordFromTheEnvironmentOrAFile() throws IOException {
    ArchiverConfig fromEnv = load(kafka("  sasl:\n    username: archiver\n    password: ${KAFKA_PASSWORD}\n"),
        Map.of("KAFKA_PASSWORD", "kafka-s3cret"));
    assertThat(fromEnv.kafka().sasl()).hasValueSatisfying(sasl -> {
      assertThat(sasl.mechanism()).isEqualTo(KafkaSasl.Mechanism.SCRAM_SHA_512);
      assertThat(sasl.username()).isEqualTo("archiver");
      assertThat(sasl.password().value()).isEqualTo("kafka-s3cret");
    });
    assertThat(fromEnv.toString()).doesNotContain("kafka-s3cret").contains("SCRAM-SHA-512");

    Path file = Files.writeString(dir.resolve("kafka.password"), "file-s3cret\n");
    ArchiverConfig fromFile = load(kafka("  sasl:\n    mechanism: scram-sha-256\n    username: archiver\n"
        + "    password_file: " + file + "\n"), Map.of());
    assertThat(fromFile.kafka().sasl().orElseThrow().password().value()).isEqualTo("file-s3cret");
    assertThat(fromFile.kafka().sasl().orElseThrow().mechanism()).isEqualTo(KafkaSasl.Mechanism.SCRAM_SHA_256);

    assertInvalid(kafka("  sasl:\n    username: archiver\n"), "kafka.sasl.password: missing required value;"
        + " expected either password (e.g. ${KAFKA_PASSWORD}) or password_file");
    assertInvalid(kafka("  sasl:\n    username: archiver\n    password: p\n    password_file: " + file + "\n"),
        "kafka.sasl.password: cannot be combined with password_file; expected either password (e.g."
            + " ${KAFKA_PASSWORD}) or password_file");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertInvalid(kafka("  sasl:\n    username: archiver\n    password_file: " + empty + "\n"),
        "kafka.sasl.password_file: \"" + empty + "\" is empty; expected a file holding the password");
    assertInvalid(kafka("  sasl:\n    username: archiver\n    password: p\n    mechanism: GSSAPI\n"),
        "kafka.sasl.mechanism: expected one of plain, scram-sha-256, scram-sha-512, got \"GSSAPI\"");
  }

  @Test
  void kerberosNeedsAnExistingKeytabAndNoUser() throws IOException {
    Path keytab = Files.writeString(dir.resolve("archiver.keytab"), "keys");
    ArchiverConfig config = load("""
        elasticsearch: {hosts: http://es:9200}
        hadoop:
          default_fs: hdfs://nn:8020
          kerberos: {principal: es-archiver/host@EXAMPLE.COM, keytab: %s}
        kafka: {bootstrap_servers: k:9092}
        """.formatted(keytab), Map.of());
    assertThat(config.hadoop().kerberos()).contains(new KerberosLogin("es-archiver/host@EXAMPLE.COM", keytab));

    assertInvalid("""
        elasticsearch: {hosts: http://es:9200}
        hadoop:
          default_fs: hdfs://nn:8020
          kerberos: {principal: es-archiver@EXAMPLE.COM, keytab: /no/such.keytab}
        kafka: {bootstrap_servers: k:9092}
        """, "hadoop.kerberos.keytab: \"/no/such.keytab\" does not exist; expected a readable keytab file of the"
        + " principal");
    assertInvalid("""
        elasticsearch: {hosts: http://es:9200}
        hadoop:
          default_fs: hdfs://nn:8020
          user: hdfs
          kerberos: {principal: es-archiver@EXAMPLE.COM, keytab: %s}
        kafka: {bootstrap_servers: k:9092}
        """.formatted(keytab), "hadoop.user: cannot be combined with kerberos (the principal is the user); expected"
        + " either hadoop.user or hadoop.kerberos");
  }

  private static String es(String host, String extra) {
    return "elasticsearch:\n  hosts: " + host + "\n" + extra
        + "hadoop:\n  default_fs: file:///a\nkafka:\n  bootstrap_servers: k:9092\n";
  }

  private static String kafka(String extra) {
    return "elasticsearch:\n  hosts: http://es:9200\nhadoop:\n  default_fs: file:///a\n"
        + "kafka:\n  bootstrap_servers: k:9092\n" + extra;
  }

  private ArchiverConfig load(String yaml, Map<String, String> env) throws IOException {
    return ConfigLoader.loadArchiverConfig(Files.writeString(Files.createTempFile(dir, "a", ".yaml"), yaml), env);
  }

  private void assertInvalid(String yaml, String expectedMessageAfterFile) throws IOException {
    Path file = Files.writeString(Files.createTempFile(dir, "a", ".yaml"), yaml);
    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": " + expectedMessageAfterFile);
  }
}
