package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad configuration and unreachable services through the real command line: each case runs {@code es-archiver} in a
 * JVM of its own with the production logging configuration, and checks the exit code and that standard error holds
 * one line naming the file and key, or the host, at fault, and no stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
  private static final Path PRODUCTION_LOGGING = Path.of("src/main/resources/logback.xml").toAbsolutePath();
  private static final String PASSWORD = "badinput-s3cret-pw";

  @TempDir
  static Path dir;

  private LocalStack stack;
  private CliHarness cli;
  private final String index = "badinput-" + LocalDate.now(ZoneOffset.UTC).minusDays(5)
      .format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));

  @BeforeAll
  void seed() throws Exception {
    stack = LocalStack.shared();
    cli = new CliHarness(stack, dir, "it-badinput");
    cli.cluster().createIndex(index, 1, "{\"properties\": {\"n\": {\"type\": \"long\"}}}");
    cli.cluster().index(index, List.of(new TestCluster.Document("1", TestCluster.json("{\"n\": 1}")),
        new TestCluster.Document("2", TestCluster.json("{\"n\": 2}"))));
  }

  @AfterAll
  void close() throws Exception {
    cli.close();
  }

  @Test
  void malformedYamlInTheConnectionsFile() throws Exception {
    Path config = Files.writeString(dir.resolve("malformed.yaml"), "elasticsearch:\n  hosts: [http://a:9200\n");
    job("malformed");

    Outcome outcome = spawn("malformed", config, Map.of(), "plan", "malformed");

    assertThat(outcome.code()).isEqualTo(2);
    assertThat(outcome.errorLine()).startsWith("error: " + config + ": invalid YAML at line 3");
  }

  @Test
  void unknownJob() throws Exception {
    Outcome outcome = spawn("unknown-job", connections(stack.elasticsearchUrl(), stack.hdfsUri().toString(),
        stack.kafkaBootstrapServers(), "", "unknown-job"), Map.of(), "run", "no-such-job");

    assertThat(outcome.code()).isEqualTo(2);
    assertThat(outcome.errorLine()).startsWith("error: unknown job 'no-such-job': no " + cli.jobsDir()
        .resolve("no-such-job.yaml"));
  }

  @Test
  void unsetEnvironmentVariable() throws Exception {
    Path config = Files.writeString(dir.resolve("unset-variable.yaml"), """
        elasticsearch: {hosts: "${BADINPUT_UNSET_HOSTS}"}
        hadoop: {default_fs: "file:///tmp/unused"}
        kafka: {bootstrap_servers: "127.0.0.1:9092"}
        """);
    job("unset-variable");

    Outcome outcome = spawn("unset-variable", config, Map.of(), "plan", "unset-variable");

    assertThat(outcome.code()).isEqualTo(2);
    assertThat(outcome.errorLine()).isEqualTo("error: " + config + ": elasticsearch.hosts: environment variable"
        + " BADINPUT_UNSET_HOSTS is not set (use ${BADINPUT_UNSET_HOSTS:-default} for a default)");
  }

  @Test
  void unreachableElasticsearch() throws Exception {
    String es = "http://127.0.0.1:" + closedPort();
    job("es-down");

    Outcome outcome = spawn("es-down", connections(es, stack.hdfsUri().toString(), stack.kafkaBootstrapServers(), "",
        "es-down"), Map.of(), "run", "es-down");

    assertThat(outcome.code()).isEqualTo(1);
    assertThat(outcome.errorLine()).startsWith("error: cannot reach Elasticsearch at " + es + ": ")
        .contains("Connection refused");
  }

  @Test
  void unreachableHdfs() throws Exception {
    String hdfs = "hdfs://127.0.0.1:" + closedPort();
    job("hdfs-down");

    Outcome outcome = spawn("hdfs-down", connections(stack.elasticsearchUrl(), hdfs, stack.kafkaBootstrapServers(), "",
        "hdfs-down"), Map.of(), "run", "hdfs-down");

    assertThat(outcome.code()).isEqualTo(1);
    assertThat(outcome.stdout()).containsPattern(index + "\\s+failed  .*cannot read " + hdfs + "/it-badinput/hdfs-down/"
        + index + "/_manifest.json: .*Connection refused");
  }

  @Test
  void unreachableDatabase() throws Exception {
    int port = closedPort();
    job("db-down");

    Outcome outcome = spawn("db-down", connections(stack.elasticsearchUrl(), stack.hdfsUri().toString(),
        stack.kafkaBootstrapServers(), """
            database: {url: "jdbc:postgresql://127.0.0.1:%d/esarchiver", username: archiver,
                       password: "${BADINPUT_DB_PASSWORD}"}
            """.formatted(port), "db-down"), Map.of("BADINPUT_DB_PASSWORD", PASSWORD), "run", "db-down");

    assertThat(outcome.code()).isEqualTo(1);
    assertThat(outcome.errorLine()).startsWith("error: cannot open database").contains("127.0.0.1:" + port);
    assertThat(outcome.stderr() + outcome.stdout()).doesNotContain(PASSWORD);
  }

  @Test
  void unreachableKafkaLeavesTheEventsInTheOutbox() throws Exception {
    String kafka = "127.0.0.1:" + closedPort();
    job("kafka-down");

    Outcome outcome = spawn("kafka-down", connections(stack.elasticsearchUrl(), stack.hdfsUri().toString(), kafka, "",
        "kafka-down"), Map.of(), "run", "kafka-down");

    assertThat(outcome.code()).as("the archive is committed; the events wait").isZero();
    assertThat(outcome.stdout()).containsPattern(index + "\\s+archived");
    assertThat(outcome.errorLine()).startsWith("warning: 3 audit events are waiting in the outbox")
        .contains("Kafka at " + kafka + ": ");
  }

  @Test
  void aDestinationWithoutWritePermission() throws Exception {
    try (FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
      org.apache.hadoop.fs.Path readOnly = new org.apache.hadoop.fs.Path("/it-badinput-read-only");
      hdfs.mkdirs(readOnly);
      hdfs.setPermission(readOnly, new FsPermission((short) 0555));
    }
    cli.job("read-only", """
        indices: ["badinput-*"]
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        destination: /it-badinput-read-only/{index}
        """);
    Path config = connections(stack.elasticsearchUrl(), stack.hdfsUri().toString(), stack.kafkaBootstrapServers(), "",
        "read-only").resolveSibling("read-only.yaml");
    Files.writeString(config, Files.readString(config).replace("hadoop:\n", "hadoop:\n  user: badinput-nobody\n"));

    Outcome outcome = spawn("read-only", config, Map.of(), "run", "read-only");

    assertThat(outcome.code()).isEqualTo(1);
    assertThat(outcome.stdout()).containsPattern(index + "\\s+failed  .*cannot prepare .*/it-badinput-read-only/" + index
        + ": Permission denied: user=badinput-nobody, access=WRITE, inode=\"/it-badinput-read-only\"");
  }

  private record Outcome(int code, String stdout, String stderr) {
    /** The one line of standard error that is not a log line; fails if there is none, or several. */
    String errorLine() {
      List<String> lines = stderr.lines().filter(line -> !line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")).toList();
      assertThat(lines).as(stderr).hasSize(1);
      return lines.get(0);
    }
  }

  private Outcome spawn(String name, Path config, Map<String, String> env, String... args) throws Exception {
    Process process = cli.spawn(name, env, List.of("-Xmx256m", "-Dlogback.configurationFile=" + PRODUCTION_LOGGING),
        config, args);
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as(name + " ends").isTrue();
    String stderr = cli.errorOutput(name);
    String stdout = Files.readString(cli.dir().resolve(name + ".out"));
    assertThat(stderr).as("no stack trace").doesNotContainPattern("(?m)^\\s+at ")
        .doesNotContain("Caused by").doesNotContain("Exception in thread");
    return new Outcome(process.exitValue(), stdout, stderr);
  }

  private void job(String name) {
    cli.job(name, """
        indices: ["badinput-*"]
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        destination: /it-badinput/%s/{index}
        """.formatted(name));
  }

  private static Path connections(String es, String fs, String kafka, String extra, String name) throws IOException {
    return Files.writeString(dir.resolve(name + ".yaml"), """
        elasticsearch:
          hosts: ["%s"]
        hadoop:
          default_fs: %s
          properties:
            dfs.replication: "1"
        kafka:
          bootstrap_servers: %s
          audit_topic: it-badinput
        state_dir: %s
        """.formatted(es, fs, kafka, dir.resolve("state-" + name)) + extra);
  }

  /** A port nothing listens on: one the system just handed out and that was closed again. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
