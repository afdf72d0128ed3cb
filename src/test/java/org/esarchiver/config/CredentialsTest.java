package org.esarchiver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Elasticsearch credentials: consistent combinations only, and their values never printed. */
class CredentialsTest {
  private static final String MINIMAL_HADOOP_AND_KAFKA = """
      hadoop:
        default_fs: file:///tmp/archive
      kafka:
        bootstrap_servers: 127.0.0.1:9092
      """;

  @TempDir
  Path dir;

  @Test
  void rejectsIncompleteOrConflictingCredentials() throws IOException {
    assertInvalid("elasticsearch:\n  hosts: http://a:9200\n  password: hunter2\n" + MINIMAL_HADOOP_AND_KAFKA,
        "elasticsearch.password: a password requires a username; expected elasticsearch.username to be set as well");
    assertInvalid("elasticsearch:\n  hosts: http://a:9200\n  username: archiver\n" + MINIMAL_HADOOP_AND_KAFKA,
        "elasticsearch.username: a username requires a password; expected elasticsearch.password to be set as well");
    assertInvalid("elasticsearch:\n  hosts: http://a:9200\n  username: archiver\n  password: hunter2\n"
            + "  api_key: a2V5\n" + MINIMAL_HADOOP_AND_KAFKA,
        "elasticsearch.api_key: cannot be combined with username and password; expected either api_key or"
            + " username and password");
  }

  @Test
  void secretValuesNeverAppearInMessagesOrToString() throws IOException {
    Path urlWithPassword = write("elasticsearch:\n  hosts: http://archiver:hunter2@es:9200\n"
        + MINIMAL_HADOOP_AND_KAFKA);
    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(urlWithPassword, Map.of()))
        .hasMessageStartingWith(urlWithPassword + ": elasticsearch.hosts: credentials in the URL are not allowed")
        .message().doesNotContain("hunter2");

    Path passwordAsList = write("elasticsearch:\n  hosts: http://es:9200\n  username: u\n  password: [hunter2]\n"
        + MINIMAL_HADOOP_AND_KAFKA);
    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(passwordAsList, Map.of()))
        .hasMessage(passwordAsList + ": elasticsearch.password: expected a string, got a list");

    Path apiKeyWithUser = write("elasticsearch:\n  hosts: http://es:9200\n  username: u\n  password: ${PW}\n"
        + "  api_key: ${KEY}\n" + MINIMAL_HADOOP_AND_KAFKA);
    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(apiKeyWithUser, Map.of("PW", "hunter2", "KEY", "k3y")))
        .message().doesNotContain("hunter2").doesNotContain("k3y");

    Path valid = write("""
        elasticsearch:
          hosts: http://es:9200
          username: archiver
          password: hunter2
        hadoop:
          default_fs: file:///a
          properties: {fs.s3a.secret.key: s3a-s3cret, dfs.replication: 1}
        kafka:
          bootstrap_servers: k:9092
          producer: {sasl.jaas.config: "PlainLoginModule required password=\\"kafka-s3cret\\";"}
        """);
    ArchiverConfig config = ConfigLoader.loadArchiverConfig(valid, Map.of());
    assertThat(config.elasticsearch().password()).contains(new Secret("hunter2"));
    assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("s3a-s3cret")
        .doesNotContain("kafka-s3cret").contains("username=archiver").contains("dfs.replication=1");
  }

  @Test
  void masksCredentialLikePropertiesOnly() {
    Map<String, String> masked = SensitiveProperties.masked(Map.of("ssl.key.password", "p", "fs.s3a.access.key", "a",
        "fs.azure.account.key.acct.dfs.core.windows.net", "k", "sasl.jaas.config", "j", "ssl.keystore.location", "/ks",
        "linger.ms", "5"));

    assertThat(masked).containsEntry("ssl.key.password", "******").containsEntry("fs.s3a.access.key", "******")
        .containsEntry("fs.azure.account.key.acct.dfs.core.windows.net", "******")
        .containsEntry("sasl.jaas.config", "******")
        .containsEntry("ssl.keystore.location", "/ks").containsEntry("linger.ms", "5");
  }

  private void assertInvalid(String yaml, String expectedMessageAfterFile) throws IOException {
    Path file = write(yaml);
    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": " + expectedMessageAfterFile);
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "archiver", ".yaml"), yaml);
  }
}
