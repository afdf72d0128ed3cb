package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.esarchiver.testsupport.ElasticsearchNode;
import org.esarchiver.testsupport.LocalStack;
import org.esarchiver.testsupport.LocalStackPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elasticsearch fails under a run, on a node of this test's own (the shared one is left alone), with the archiver in
 * a JVM of its own: the node is restarted in the middle of a scroll (every scroll context lost, the node unreachable,
 * then recovering its shards), and it answers 429 to every search for a while (its in-flight requests circuit breaker
 * set to one byte: every request with a body is rejected with circuit_breaking_exception, deterministically), then
 * for longer than elasticsearch.retry_for. The archive is exact after a restart and after rejections that end; a node
 * that never recovers fails the index after retry_for with a message naming the host, nothing committed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ElasticsearchFaultsIT {
  private static final DateTimeFormatter NAME_DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd");
  private static final String BREAKER = "network.breaker.inflight_requests.limit";

  @TempDir
  Path dir;

  private LocalStack stack;
  private Path base;
  private LocalStackPorts ports;
  private ElasticsearchNode node;
  private FileSystem hdfs;

  @BeforeAll
  void startNode() throws Exception {
    stack = LocalStack.shared();
    // Elasticsearch runs as another user when the tests run as root: its home must be reachable
    base = Files.createTempDirectory(Path.of("/tmp"), "es-archiver-faults-");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    ports = LocalStackPorts.free();
    node = startElasticsearch();
    hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration());
  }

  @AfterAll
  void stopNode() throws Exception {
    if (hdfs != null) {
      hdfs.close();
    }
    if (node != null) {
      node.close();
    }
    if (base != null) {
      try (java.util.stream.Stream<Path> paths = Files.walk(base)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  @Order(1)
  void aNodeRestartedInTheMiddleOfAScrollIsWaitedForAndTheSliceReadAgain() throws Exception {
    int documents = 30_000;
    try (CliHarness cli = harness("it-es-restart")) {
      String index = seed(cli, "itrestart", 16, documents);
      cli.job("restart", job("itrestart", 50));
      org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path("/it-es-faults/restart");

      Process archiver = cli.spawn("child", Map.of(), "run", "restart");
      try {
        waitForStagedFile(parent, archiver, cli);
        waitForOpenScroll(archiver, cli);
        long stopping = System.nanoTime();
        node.close();
        node = startElasticsearch();
        long restartSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopping);
        assertThat(archiver.waitFor(5, TimeUnit.MINUTES)).as(cli.output("child")).isTrue();
        String output = cli.output("child");
        assertThat(archiver.exitValue()).as("restart took " + restartSeconds + " s: " + output).isZero();
        assertThat(output).containsPattern(index + "\\s+archived\\s+30,000")
            .containsPattern("scroll lost after [1-9][0-9]* pages .*; reading slice 0 again from the start")
            .contains("Elasticsearch at " + node.httpUrl() + ": POST /" + index + "/_search");
      } finally {
        archiver.destroyForcibly();
      }
      assertExact(parent, index, documents, true);
    }
  }

  @Test
  @Order(2)
  void rejectionsForAWhileAreRetriedWithBackoffAndTheArchiveIsExact() throws Exception {
    int documents = 5_000;
    try (CliHarness cli = harness("it-es-429")) {
      String index = seed(cli, "itrejected", 17, documents);
      cli.job("rejected", job("itrejected", 200));
      org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path("/it-es-faults/rejected");

      setBreaker(cli, "1b");
      Process archiver = cli.spawn("child", Map.of(), "run", "rejected");
      try {
        waitForOutput(cli, "child", "HTTP 429: circuit_breaking_exception", archiver);
        Thread.sleep(3_000); // a few more rejected attempts, with growing backoff
        setBreaker(cli, null);
        assertThat(archiver.waitFor(3, TimeUnit.MINUTES)).as(cli.output("child")).isTrue();
      } finally {
        archiver.destroyForcibly();
      }
      String output = cli.output("child");
      assertThat(archiver.exitValue()).as(output).isZero();
      assertThat(output).containsPattern(index + "\\s+archived\\s+5,000")
          .containsPattern("Elasticsearch at " + node.httpUrl() + ": \\S+ \\S+ failed \\(HTTP 429: "
              + "circuit_breaking_exception: .*\\), retry 2 in");
      assertExact(parent, index, documents, false);
    }
  }

  @Test
  @Order(3)
  void rejectionsThatOutlastRetryForFailTheIndexNamingTheHostAndCommitNothing() throws Exception {
    try (CliHarness cli = harness("it-es-429-forever")) {
      String index = seed(cli, "itforever", 18, 1_000);
      Files.writeString(cli.config(), Files.readString(cli.config())
          .replace("elasticsearch:\n", "elasticsearch:\n  retry_for: 5s\n"));
      cli.job("forever", job("itforever", 200));
      org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path("/it-es-faults/forever");

      setBreaker(cli, "1b");
      CliHarness.Result result;
      long started = System.nanoTime();
      try {
        result = cli.cli("run", "forever");
      } finally {
        setBreaker(cli, null);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(result.code()).as(result.out() + result.err()).isEqualTo(1);
      assertThat(result.out()).containsPattern(index + "\\s+failed")
          .contains("Elasticsearch at " + node.httpUrl() + " did not recover within 5 s (elasticsearch.retry_for;")
          .contains("HTTP 429: circuit_breaking_exception");
      assertThat(took).as("bounded by retry_for per request").isLessThan(Duration.ofSeconds(60));
      assertThat(hdfs.exists(parent) ? hdfs.listStatus(parent, p -> !p.getName().startsWith("_schema")) : null)
          .as("nothing committed, nothing staged").isNullOrEmpty();
      assertThat(cli.events().stream().filter(e -> e.path("type").asText().equals("org.esarchiver.index.failed")))
          .singleElement().satisfies(e -> assertThat(e.path("data").path("error").asText())
              .contains("did not recover within 5 s"));
    }
  }

  private ElasticsearchNode startElasticsearch() {
    return ElasticsearchNode.start(stack.settings().esVersion(), stack.settings().esDistDir(), base,
        ports.esHttp(), ports.esTransport(), "es-archiver-faults");
  }

  private CliHarness harness(String topic) throws Exception {
    return new CliHarness(stack, dir.resolve(topic), topic, node.httpUrl(), stack.hdfsUri(),
        stack.kafkaBootstrapServers(), "");
  }

  private static String job(String prefix, int batchSize) {
    return """
        indices: ["%s-*"]
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        destination: /it-es-faults/{job}/dt={date}
        array_sample_size: %d
        scroll: {batch_size: %d}
        parquet: {file_size: 128KB}
        """.formatted(prefix, batchSize, batchSize);
  }

  private static String seed(CliHarness cli, String prefix, int daysAgo, int documents) throws Exception {
    String index = prefix + "-" + LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo).format(NAME_DATE);
    cli.cluster().createLogLines(index, documents);
    return index;
  }

  /** Sets (or, with null, resets) the in-flight requests breaker; its own update cannot trip it. */
  private static void setBreaker(CliHarness cli, String limit) {
    JsonNode answer = cli.es("PUT", "/_cluster/settings", "{\"persistent\":{\"" + BREAKER + "\":"
        + (limit == null ? "null" : "\"" + limit + "\"") + "}}");
    assertThat(answer.path("acknowledged").asBoolean()).as(answer.toString()).isTrue();
  }

  private void assertExact(org.apache.hadoop.fs.Path parent, String index, int documents, boolean reread)
      throws Exception {
    org.apache.hadoop.fs.Path partition = new org.apache.hadoop.fs.Path(parent,
        "dt=" + LocalDate.parse(index.substring(index.indexOf('-') + 1), NAME_DATE));
    assertThat(hdfs.listStatus(parent, p -> p.getName().startsWith("_staging."))).as("no staging left").isEmpty();
    List<Group> rows = ParquetRows.readPartition(hdfs, stack.hadoopConfiguration(), partition);
    Set<String> ids = ParquetRows.ids(rows);
    assertThat(rows).hasSize(documents);
    assertThat(ids).as("every document exactly once").hasSize(documents);
    if (reread) {
      JsonNode manifest = CliHarness.JSON.readTree(hdfs.open(new org.apache.hadoop.fs.Path(partition,
          "_manifest.json")));
      assertThat(manifest.path("files").findValuesAsText("name")).as("the slice was read again into fresh files")
          .allMatch(name -> !name.contains("-a1"));
    }
  }

  private void waitForStagedFile(org.apache.hadoop.fs.Path parent, Process archiver, CliHarness cli)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!archiver.isAlive()) {
        throw new AssertionError("the archiver ended before the restart: " + cli.output("child"));
      }
      if (hdfs.exists(parent)) {
        for (FileStatus status : hdfs.listStatus(parent)) {
          if (status.getPath().getName().startsWith("_staging.")
              && hdfs.listStatus(status.getPath(), p -> p.getName().endsWith(".parquet")).length >= 1) {
            return;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no staged file after 120 s: " + cli.output("child"));
  }

  /** Waits until the slice's scroll is open on the node: its first page was served, the rest is still to come. */
  private static void waitForOpenScroll(Process archiver, CliHarness cli) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!archiver.isAlive()) {
        throw new AssertionError("the archiver ended before the restart: " + cli.output("child"));
      }
      JsonNode stats = cli.es("GET", "/_nodes/stats/indices/search", null);
      for (JsonNode stat : stats.path("nodes")) {
        if (stat.path("indices").path("search").path("scroll_current").asLong() > 0) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no open scroll after 120 s: " + cli.output("child"));
  }

  private static void waitForOutput(CliHarness cli, String name, String text, Process archiver) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (cli.output(name).contains(text)) {
        return;
      }
      if (!archiver.isAlive()) {
        throw new AssertionError("the archiver ended before \"" + text + "\": " + cli.output(name));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no \"" + text + "\" after 120 s: " + cli.output(name));
  }
}
