package org.esarchiver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiverConfigLoadingTest {
  private static final Path FIXTURES = Path.of("src/test/resources/config");
  private static final String MINIMAL_HADOOP_AND_KAFKA = """
      hadoop:
        default_fs: file:///tmp/archive
      kafka:
        bootstrap_servers: 127.0.0.1:9092
      """;

  @TempDir
  Path dir;

  @Test
  void loadsEveryKeyOfAFullFile() {
    ArchiverConfig config = ConfigLoader.loadArchiverConfig(FIXTURES.resolve("archiver-full.yaml"),
        Map.of("ES_PASSWORD", "s3cret"));

    ElasticsearchConnection elasticsearch = config.elasticsearch();
    assertThat(elasticsearch.hosts())
        .containsExactly(URI.create("http://es1.example.org:9200"), URI.create("https://es2.example.org:9243"));
    assertThat(elasticsearch.username()).contains("archiver");
    assertThat(elasticsearch.password()).contains(new Secret("s3cret"));
    assertThat(elasticsearch.apiKey()).isEmpty();
    assertThat(elasticsearch.caCertificate()).contains(FIXTURES.resolve("ca.pem").toAbsolutePath());
    assertThat(elasticsearch.requestTimeout()).isEqualTo(Duration.ofSeconds(90));

    HadoopConnection hadoop = config.hadoop();
    assertThat(hadoop.defaultFs()).isEqualTo(URI.create("hdfs://namenode.example.org:8020"));
    assertThat(hadoop.confDir()).contains(FIXTURES.resolve("hadoop-conf").toAbsolutePath());
    assertThat(hadoop.user()).contains("archiver");
    // Scalars keep their text: 1.10 is not turned into 1.1.
    assertThat(hadoop.properties()).containsExactly(Map.entry("dfs.replication", "2"),
        Map.entry("dfs.client.use.datanode.hostname", "true"), Map.entry("some.version", "1.10"));

    KafkaConnection kafka = config.kafka();
    assertThat(kafka.bootstrapServers()).isEqualTo("kafka1.example.org:9092,kafka2.example.org:9092");
    assertThat(kafka.auditTopic()).isEqualTo("ops.es-archiver.audit");
    assertThat(kafka.producerProperties()).containsExactly(Map.entry("linger.ms", "5"), Map.entry("acks", "all"));

    assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/es-archiver/state"));
  }

  @Test
  void appliesDefaults() {
    ArchiverConfig config = ConfigLoader.loadArchiverConfig(FIXTURES.resolve("archiver-minimal.yaml"), Map.of());

    assertThat(config.elasticsearch().hosts()).containsExactly(URI.create("http://127.0.0.1:9200"));
    assertThat(config.elasticsearch().username()).isEmpty();
    assertThat(config.elasticsearch().password()).isEmpty();
    assertThat(config.elasticsearch().apiKey()).isEmpty();
    assertThat(config.elasticsearch().caCertificate()).isEmpty();
    assertThat(config.elasticsearch().requestTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.hadoop().defaultFs()).isEqualTo(URI.create("file:///tmp/archive"));
    assertThat(config.hadoop().confDir()).isEmpty();
    assertThat(config.hadoop().user()).isEmpty();
    assertThat(config.hadoop().properties()).isEmpty();
    assertThat(config.kafka().auditTopic()).isEqualTo("es-archiver.audit");
    assertThat(config.kafka().producerProperties()).isEmpty();
    assertThat(config.stateDir()).isEqualTo(Path.of("state").toAbsolutePath());
  }

  @Test
  void substitutesEnvironmentVariablesEverywhere() throws IOException {
    Path file = write("""
        elasticsearch:
          hosts: ["http://${ES_HOST:-localhost}:${ES_PORT:-9200}", "${SECOND_HOST}"]
          username: ${ES_USERNAME:-}
          password: ${ES_PASSWORD:-}
          api_key: ${ES_API_KEY}
        hadoop:
          default_fs: ${ARCHIVE_FS:-hdfs://127.0.0.1:9000}
          properties:
            dfs.replication: ${REPLICATION:-3}
            fs.trash.interval: ${TRASH:-}
        kafka:
          bootstrap_servers: ${KAFKA_BOOTSTRAP}
        state_dir: ${STATE:-state}/${ENVIRONMENT}
        """);
    Map<String, String> env = Map.of("ES_PORT", "9201", "SECOND_HOST", "https://es2:443", "ES_API_KEY", "a2V5",
        "KAFKA_BOOTSTRAP", "k1:9092,k2:9092", "REPLICATION", "", "ENVIRONMENT", "prod");

    ArchiverConfig config = ConfigLoader.loadArchiverConfig(file, env);

    assertThat(config.elasticsearch().hosts())
        .containsExactly(URI.create("http://localhost:9201"), URI.create("https://es2:443"));
    assertThat(config.elasticsearch().username()).isEmpty();
    assertThat(config.elasticsearch().password()).isEmpty();
    assertThat(config.elasticsearch().apiKey()).contains(new Secret("a2V5"));
    assertThat(config.hadoop().defaultFs()).isEqualTo(URI.create("hdfs://127.0.0.1:9000"));
    // An empty variable takes the default, as in the shell; an entry empty after substitution is left out.
    assertThat(config.hadoop().properties()).containsExactly(Map.entry("dfs.replication", "3"));
    assertThat(config.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(config.stateDir()).isEqualTo(Path.of("state/prod").toAbsolutePath());
  }

  @Test
  void unsetVariableNamesFileKeyAndVariable() throws IOException {
    Path file = write("""
        elasticsearch:
          hosts: http://127.0.0.1:9200
          username: archiver
          password: ${ES_PASSWORD}
        """ + MINIMAL_HADOOP_AND_KAFKA);

    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": elasticsearch.password: environment variable ES_PASSWORD is not set"
            + " (use ${ES_PASSWORD:-default} for a default)");
  }

  @Test
  void requiredValueEmptyAfterSubstitutionIsMissing() throws IOException {
    Path file = write("""
        elasticsearch:
          hosts: ${ES_HOSTS:-}
        """ + MINIMAL_HADOOP_AND_KAFKA);

    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(file, Map.of()))
        .hasMessageStartingWith(file + ": elasticsearch.hosts: missing required value; expected a list of URLs");
  }

  @Test
  void missingSectionReportsItsFirstRequiredKey() throws IOException {
    Path file = write("""
        elasticsearch:
          hosts: http://127.0.0.1:9200
        kafka:
          bootstrap_servers: 127.0.0.1:9092
        """);

    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(file, Map.of()))
        .hasMessage(file + ": hadoop.default_fs: missing required value; expected a filesystem URI with a scheme"
            + " such as hdfs://namenode:8020 or file:///var/lib/es-archiver");
  }

  @Test
  void unknownKeyListsTheKeysOfItsSection() throws IOException {
    Path file = write("""
        elasticsearch:
          hosts: http://127.0.0.1:9200
          request_timout: 30s
        """ + MINIMAL_HADOOP_AND_KAFKA);

    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(file, Map.of()))
        .hasMessage(file + ": elasticsearch.request_timout: unknown key; expected one of hosts, username, password,"
            + " api_key, ca_certificate, ca_fingerprint, request_timeout, retry_for");
  }

  @Test
  void unknownTopLevelKey() throws IOException {
    Path file = write("statedir: /tmp\n");

    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(file, Map.of()))
        .hasMessage(file + ": statedir: unknown key; expected one of elasticsearch, hadoop, kafka, state_dir, database, scheduler");
  }

  @Test
  void rejectsInvalidValuesNamingFileAndKey() throws IOException {
    assertInvalid("elasticsearch:\n  hosts: [127.0.0.1:9200]\n" + MINIMAL_HADOOP_AND_KAFKA,
        "elasticsearch.hosts[0]: expected a URL such as http://127.0.0.1:9200 (http or https, a host and a port),"
            + " got \"127.0.0.1:9200\"");
    assertInvalid("elasticsearch:\n  hosts: \"http://a:9200, ftp://b:21\"\n" + MINIMAL_HADOOP_AND_KAFKA,
        "elasticsearch.hosts[1]: expected a URL such as http://127.0.0.1:9200 (http or https, a host and a port),"
            + " got \"ftp://b:21\"");
    assertInvalid("elasticsearch:\n  hosts: http://localhost\n" + MINIMAL_HADOOP_AND_KAFKA,
        "elasticsearch.hosts: expected a URL such as http://127.0.0.1:9200 (http or https, a host and a port),"
            + " got \"http://localhost\"");
    assertInvalid("elasticsearch:\n  hosts: {url: http://a:9200}\n" + MINIMAL_HADOOP_AND_KAFKA,
        "elasticsearch.hosts: expected a list of URLs such as http://127.0.0.1:9200 (or one string of"
            + " comma-separated URLs), got a mapping");
    assertInvalid("elasticsearch:\n  hosts: http://a:9200\n  request_timeout: soon\n" + MINIMAL_HADOOP_AND_KAFKA,
        "elasticsearch.request_timeout: expected a duration such as 60s (a number with unit ms, s, m, h or d,"
            + " or ISO-8601 like PT5M), got \"soon\"");
    assertInvalid("elasticsearch:\n  hosts: http://a:9200\n  request_timeout: 0s\n" + MINIMAL_HADOOP_AND_KAFKA,
        "elasticsearch.request_timeout: \"0s\" is too short; expected a duration greater than 0");
    assertInvalid("elasticsearch:\n  hosts: http://a:9200\n  retry_for: forever\n" + MINIMAL_HADOOP_AND_KAFKA,
        "elasticsearch.retry_for: expected a duration such as 3m (a number with unit ms, s, m, h or d,"
            + " or ISO-8601 like PT5M), got \"forever\"");
    assertInvalid("elasticsearch:\n  hosts: http://a:9200\n  ca_certificate: /no/such/ca.pem\n"
            + MINIMAL_HADOOP_AND_KAFKA,
        "elasticsearch.ca_certificate: \"/no/such/ca.pem\" does not exist; expected a readable PEM file with the CA"
            + " certificate");
    assertInvalid("elasticsearch:\n  hosts: http://a:9200\nhadoop:\n  default_fs: namenode:8020\n"
            + "kafka:\n  bootstrap_servers: k:9092\n",
        "hadoop.default_fs: expected a filesystem URI with a scheme such as hdfs://namenode:8020 or"
            + " file:///var/lib/es-archiver, got \"namenode:8020\"");
    assertInvalid("elasticsearch:\n  hosts: http://a:9200\nhadoop:\n  default_fs: file:///a\n"
            + "  conf_dir: src/test/resources/config/ca.pem\nkafka:\n  bootstrap_servers: k:9092\n",
        "hadoop.conf_dir: \"src/test/resources/config/ca.pem\" is not a directory; expected a directory with"
            + " core-site.xml and hdfs-site.xml");
    assertInvalid("elasticsearch:\n  hosts: http://a:9200\nhadoop:\n  default_fs: file:///a\n"
            + "  properties: {dfs.replication: [1, 2]}\nkafka:\n  bootstrap_servers: k:9092\n",
        "hadoop.properties.dfs.replication: expected a string, number or boolean, got a list");
    assertInvalid("elasticsearch:\n  hosts: http://a:9200\nhadoop:\n  default_fs: file:///a\n"
            + "kafka:\n  bootstrap_servers: k:9092,kafka2\n",
        "kafka.bootstrap_servers[1]: expected host:port such as 127.0.0.1:9092, got \"kafka2\"");
    assertInvalid("elasticsearch:\n  hosts: http://a:9200\nhadoop:\n  default_fs: file:///a\n"
            + "kafka:\n  bootstrap_servers: k:9092\n  audit_topic: audit events\n",
        "kafka.audit_topic: expected a Kafka topic name of 1 to 249 letters, digits, '.', '_' or '-',"
            + " got \"audit events\"");
  }

  @Test
  void malformedYamlGivesLineAndColumn() throws IOException {
    Path file = write("elasticsearch:\n  hosts: http://a:9200\n   username: x\n");

    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(file, Map.of()))
        .hasMessage(file + ": invalid YAML at line 3, column 12: mapping values are not allowed here");
  }

  @Test
  void missingFileIsReportedAsUnreadable() {
    Path file = dir.resolve("conf/archiver.yaml");

    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(file, Map.of()))
        .hasMessage(file + ": cannot read file (No such file or directory)");
  }

  @Test
  void emptyFileReportsTheFirstRequiredKey() throws IOException {
    Path file = write("# nothing yet\n");

    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(file, Map.of()))
        .hasMessageStartingWith(file + ": elasticsearch.hosts: missing required value; expected");
  }

  @Test
  void topLevelMustBeAMapping() throws IOException {
    Path file = write("- elasticsearch\n");

    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(file, Map.of()))
        .hasMessage(file + ": expected a mapping of keys (elasticsearch, hadoop, kafka, state_dir, database, scheduler) at the top level,"
            + " got a list");
  }

  @Test
  void everyMessageIsOneLine() throws IOException {
    for (String yaml : List.of("a: [1,\n", "a:\tb\n", "elasticsearch: {hosts: \"http://a:9200\\nx\"}\n")) {
      Path file = write(yaml);
      assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(file, Map.of()))
          .isInstanceOf(ConfigException.class)
          .message().doesNotContain("\n");
    }
  }

  private static final String CONNECTIONS = """
      elasticsearch: {hosts: "http://127.0.0.1:9200"}
      hadoop: {default_fs: "file:///tmp/archive"}
      kafka: {bootstrap_servers: "127.0.0.1:9092"}
      """;

  @Test
  void theDatabaseIsEmbeddedAndTheSchedulerHasDefaultsUnlessConfigured() throws IOException {
    ArchiverConfig config = ConfigLoader.loadArchiverConfig(write(CONNECTIONS), Map.of());

    assertThat(config.database().embedded()).isTrue();
    assertThat(config.scheduler().threads()).isEqualTo(4);
    assertThat(config.scheduler().misfireThreshold()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.scheduler().shutdownGrace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.scheduler().http()).isEmpty();
    assertThat(config.scheduler().node()).isEmpty();
  }

  @Test
  void readsAPostgreSqlDatabaseAndTheSchedulerSettings() throws IOException {
    ArchiverConfig config = ConfigLoader.loadArchiverConfig(write(CONNECTIONS + """
        database: {url: "jdbc:postgresql://db:5432/esa", username: archiver, password: "${DB_PASSWORD}"}
        scheduler: {node: node-1, threads: 8, misfire_threshold: 30s, shutdown_grace: 5m, http: "0.0.0.0:9464"}
        """), Map.of("DB_PASSWORD", "0123"));

    assertThat(config.database().jdbcUrl()).contains("jdbc:postgresql://db:5432/esa");
    assertThat(config.database().password()).contains(new Secret("0123"));
    assertThat(config.database().toString()).doesNotContain("0123");
    assertThat(config.scheduler().node()).contains("node-1");
    assertThat(config.scheduler().threads()).isEqualTo(8);
    assertThat(config.scheduler().http()).hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(9464));
  }

  @Test
  void rejectsADatabaseThatIsNotPostgreSqlAndCredentialsForTheEmbeddedOne() throws IOException {
    assertInvalid(CONNECTIONS + "database: {url: \"jdbc:mysql://db/x\"}\n", "database.url: expected embedded, or a "
        + "PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/esarchiver, got \"jdbc:mysql://db/x\"");
    assertInvalid(CONNECTIONS + "database: {username: x}\n", "database.username: the embedded database takes no "
        + "credentials; expected database.url to be a PostgreSQL JDBC URL as well");
    assertInvalid(CONNECTIONS + "scheduler: {http: \"nope\"}\n", "scheduler.http: expected host:port to serve "
        + "/metrics and /health on, such as 127.0.0.1:9464, or off, got \"nope\"");
  }

  private void assertInvalid(String yaml, String expectedMessageAfterFile) throws IOException {
    Path file = write(yaml);
    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": " + expectedMessageAfterFile);
  }

  private Path write(String yaml) throws IOException {
    Path file = Files.createTempFile(dir, "archiver", ".yaml");
    return Files.writeString(file, yaml);
  }
}
