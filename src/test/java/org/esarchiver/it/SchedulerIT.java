package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.esarchiver.testsupport.KafkaBroker;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler service against the real services: scheduler nodes are JVMs of their own (so they can be killed),
 * clustered on the PostgreSQL server of this machine; the audit outbox against a Kafka broker that is stopped and
 * started again; misfires, hot reload and a node stopped while it writes an index on the embedded store.
 */
class SchedulerIT {
  private static final DateTimeFormatter NAME_DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd");
  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

  @TempDir
  Path dir;

  @Test
  void eventsStoredWhileKafkaIsDownAreDeliveredExactlyOnceWhenItIsBack() throws Exception {
    LocalStack stack = LocalStack.shared();
    int port = freePort();
    int controllerPort = freePort();
    Path kafkaDir = dir.resolve("kafka");
    KafkaBroker broker = KafkaBroker.start(kafkaDir, port, controllerPort);
    try (CliHarness cli = new CliHarness(stack, dir.resolve("cli"), "it-outbox", broker.bootstrapServers(), "")) {
      createAgedIndex(cli, "itoutbox-", 9, 300);
      createAgedIndex(cli, "itoutbox-", 8, 200);
      cli.job("outbox", jobYaml("itoutbox-*", "/it-outbox/{job}/{index}", ""));
      broker.close();

      CliHarness.Result run = cli.cli("run", "outbox");

      assertThat(run.code()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("2 archived, 0 skipped, 0 failed");
      assertThat(run.err()).contains("audit events are waiting in the outbox").contains("nothing is lost");
      try (FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
        assertThat(hdfs.exists(new org.apache.hadoop.fs.Path("/it-outbox/outbox/" + indexName("itoutbox-", 9)
            + "/_manifest.json"))).as("the archive is committed while Kafka is down").isTrue();
      }

      broker = KafkaBroker.start(kafkaDir, port, controllerPort);
      CliHarness.Result next = cli.cli("run", "outbox");
      assertThat(next.code()).as(next.out() + next.err()).isZero();
      assertThat(next.err()).doesNotContain("waiting in the outbox");

      List<JsonNode> events = TestCluster.events(broker.bootstrapServers(), "it-outbox");
      List<String> ids = events.stream().map(e -> e.path("id").asText()).toList();
      assertThat(ids).as("every event exactly once").doesNotHaveDuplicates();
      JsonNode first = events.stream().filter(e -> e.path("type").asText().equals("org.esarchiver.run.started"))
          .findFirst().orElseThrow();
      String firstRun = first.path("data").path("run_id").asText();
      assertThat(events.stream().filter(e -> e.path("data").path("run_id").asText().equals(firstRun))
          .map(e -> e.path("type").asText() + " " + e.path("subject").asText()).toList())
          .containsExactlyInAnyOrder("org.esarchiver.run.started outbox",
              "org.esarchiver.index.archived " + indexName("itoutbox-", 9),
              "org.esarchiver.index.archived " + indexName("itoutbox-", 8),
              "org.esarchiver.run.finished outbox");
    } finally {
      broker.close();
    }
  }

  @Test
  void twoClusteredNodesRunEachFireOnceAndTheSurvivorFinishesTheWorkOfAKilledNode() throws Exception {
    LocalStack stack = LocalStack.shared();
    String database = "esarchiver_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(POSTGRES + "postgres", "CREATE DATABASE " + database);
    List<Process> nodes = new ArrayList<>();
    try (CliHarness cli = new CliHarness(stack, dir.resolve("cluster"), "it-cluster", stack.kafkaBootstrapServers(),
        """
        database:
          url: %s%s
          username: postgres
        scheduler:
          node: ${NODE:-cli}
          threads: 3
          misfire_threshold: 1s
          shutdown_grace: 5s
          reload_interval: 1s
        """.formatted(POSTGRES, database));
        FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
      cli.job("ticker", jobYaml("itticker-*", "/it-cluster/{job}/{index}", "schedule: {cron: \"0/3 * * * * ?\"}"));
      String big = createAgedIndex(cli, "itbig-", 7, 20_000);
      cli.job("big", jobYaml("itbig-*", "/it-cluster/{job}/{index}", "scroll: {batch_size: 100}\n"
          + "parquet: {file_size: 64KB}"));
      Map<String, Process> byNode = new HashMap<>();
      for (String node : List.of("node-a", "node-b")) {
        Process process = cli.spawn(node, Map.of("NODE", node), "schedule");
        nodes.add(process);
        byNode.put(node, process);
      }
      await(() -> cli.output("node-a").contains("scheduler node node-a started")
          && cli.output("node-b").contains("scheduler node node-b started"), 120, cli);

      // each fire of the ticker (every 3 s) runs once, on one of the nodes
      await(() -> history(cli, "ticker").size() >= 6, 90, cli);
      List<JsonNode> ticks = history(cli, "ticker");
      Set<String> runIds = new HashSet<>();
      for (JsonNode tick : ticks) {
        runIds.add(tick.path("run").path("run_id").asText());
      }
      assertThat(runIds).hasSize(ticks.size());
      List<JsonNode> started = cli.events().stream()
          .filter(e -> e.path("type").asText().equals("org.esarchiver.run.started")
              && e.path("subject").asText().equals("ticker")).toList();
      assertThat(started.stream().map(e -> e.path("id").asText()).toList()).doesNotHaveDuplicates();
      assertThat(cli.output("node-a") + cli.output("node-b")).doesNotContain("resumed");

      // a run queued through the store; the node archiving its index is killed; the other one finishes it
      CliHarness.Result queued = cli.cli("trigger", "big", "--via-scheduler");
      assertThat(queued.code()).as(queued.out() + queued.err()).isZero();
      String[] worker = new String[1];
      await(() -> {
        for (JsonNode run : history(cli, "big")) {
          for (JsonNode index : run.path("indices")) {
            if (index.path("status").asText().equals("running") && stagedFiles(hdfs, "/it-cluster/big") > 0) {
              worker[0] = index.path("node").asText();
              return true;
            }
          }
        }
        return false;
      }, 120, cli);
      byNode.get(worker[0]).destroyForcibly();
      byNode.get(worker[0]).waitFor(30, TimeUnit.SECONDS);
      String survivor = worker[0].equals("node-a") ? "node-b" : "node-a";

      await(() -> history(cli, "big").stream().anyMatch(r -> !r.path("run").path("finished").isNull()
          && !r.path("run").path("finished").isMissingNode()), 180, cli);
      JsonNode run = history(cli, "big").get(0);
      assertThat(run.path("run").path("status").asText()).as(run.toPrettyString()).isEqualTo("ok");
      JsonNode index = run.path("indices").get(0);
      assertThat(index.path("status").asText()).isEqualTo("archived");
      assertThat(index.path("node").asText()).as("the survivor took the index over").isEqualTo(survivor);
      assertThat(index.path("documents").asLong()).isEqualTo(20_000);
      assertThat(cli.output(survivor)).contains("taking over the index from a node that stopped");

      org.apache.hadoop.fs.Path partition = new org.apache.hadoop.fs.Path("/it-cluster/big/" + big);
      JsonNode manifest = CliHarness.JSON.readTree(hdfs.open(new org.apache.hadoop.fs.Path(partition,
          "_manifest.json")));
      assertThat(manifest.path("rows").asLong()).isEqualTo(20_000);
      long rows = 0;
      for (JsonNode file : manifest.path("files")) {
        rows += file.path("rows").asLong();
      }
      assertThat(rows).isEqualTo(20_000);
      assertThat(ParquetRows.readPartition(hdfs, stack.hadoopConfiguration(), partition)).hasSize(20_000);
      assertThat(stagedFiles(hdfs, "/it-cluster/big")).as("no staging left").isZero();
      assertThat(cli.events().stream().filter(e -> e.path("type").asText().equals("org.esarchiver.index.archived")
          && e.path("subject").asText().equals(big)).count()).as("one archived event").isEqualTo(1);

      Process remaining = byNode.get(survivor);
      remaining.destroy(); // SIGTERM
      assertThat(remaining.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(remaining.exitValue()).as(cli.output(survivor)).isZero();
    } finally {
      nodes.forEach(Process::destroyForcibly);
      for (Process node : nodes) {
        node.waitFor(30, TimeUnit.SECONDS);
      }
      execute(POSTGRES + "postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  @Test
  void aFireMissedWhileTheServiceWasDownRunsOnceWhenItComesBack() throws Exception {
    LocalStack stack = LocalStack.shared();
    int httpPort = freePort();
    try (CliHarness cli = new CliHarness(stack, dir.resolve("misfire"), "it-misfire", stack.kafkaBootstrapServers(),
        """
        scheduler:
          misfire_threshold: 1s
          shutdown_grace: 5s
          reload_interval: 1s
          http: 127.0.0.1:%d
        """.formatted(httpPort))) {
      createAgedIndex(cli, "itmisfire-", 6, 100);
      LocalDateTime fire = LocalDateTime.now(ZoneOffset.UTC).plusSeconds(40).withNano(0);
      String cron = "%d %d %d * * ?".formatted(fire.getSecond(), fire.getMinute(), fire.getHour());
      cli.job("missed", jobYaml("itmisfire-*", "/it-misfire/{job}/{index}", "schedule: {cron: \"" + cron + "\"}"));
      cli.job("skipped", jobYaml("itmisfire-*", "/it-misfire/{job}/{index}",
          "schedule: {cron: \"" + cron + "\", misfire: skip}"));

      Process first = cli.spawn("first", Map.of(), "schedule");
      await(() -> cli.output("first").contains("started on"), 120, cli);
      first.destroy(); // SIGTERM: a clean stop
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(first.exitValue()).as(cli.output("first")).isZero();
      assertThat(history(cli, "missed")).isEmpty();

      while (LocalDateTime.now(ZoneOffset.UTC).isBefore(fire.plusSeconds(3))) {
        Thread.sleep(500);
      }
      Process second = cli.spawn("second", Map.of(), "schedule");
      try {
        await(() -> history(cli, "missed").size() == 1
            && !history(cli, "missed").get(0).path("run").path("finished").isNull(), 120, cli);
        Thread.sleep(5_000);
        assertThat(history(cli, "missed")).as("the missed fire ran once").hasSize(1);
        assertThat(history(cli, "missed").get(0).path("run").path("kind").asText()).isEqualTo("scheduled");
        assertThat(history(cli, "skipped")).as("misfire: skip drops it").isEmpty();

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPort + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(CliHarness.JSON.readTree(health.body()).path("status").asText()).isEqualTo("up");
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("esarchiver_runs_started_total{job=\"missed\"} 1.0")
            .contains("esarchiver_indices_total{job=\"missed\",outcome=\"archived\"} 1.0")
            .contains("esarchiver_outbox_pending");

        // a broken job file is rejected with its reason; the others keep their schedule
        cli.job("broken", "indices: [\"x-*\"]\nage: {date_pattern: yyyy.MM.dd, older_than: soon}\n");
        await(() -> cli.output("second").contains("job file rejected"), 60, cli);
        assertThat(cli.output("second")).contains("broken.yaml").contains("age.older_than");
      } finally {
        second.destroy();
        second.waitFor(60, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * SIGTERM of a scheduler node while it writes an index: the node takes no new work, aborts the index once the grace
   * period is over and exits 0. Nothing of the index is committed, its staging is gone and its write block restored;
   * the next node to start archives it exactly.
   */
  @Test
  void sigtermAbortsAnIndexBeingWrittenAndTheNextStartArchivesIt() throws Exception {
    LocalStack stack = LocalStack.shared();
    try (CliHarness cli = new CliHarness(stack, dir.resolve("stop"), "it-stop", stack.kafkaBootstrapServers(),
        """
        scheduler:
          shutdown_grace: 100ms
          reload_interval: 1s
        """);
        FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
      String index = createAgedIndex(cli, "itstop-", 5, 20_000);
      cli.job("stop", jobYaml("itstop-*", "/it-stop/{job}/{index}", "schedule: {cron: \"0/5 * * * * ?\"}\n"
          + "scroll: {batch_size: 50}\nparquet: {file_size: 64KB}"));
      org.apache.hadoop.fs.Path partition = new org.apache.hadoop.fs.Path("/it-stop/stop/" + index);

      Process first = cli.spawn("first", Map.of(), "schedule");
      try {
        await(() -> stagedFiles(hdfs, "/it-stop/stop") > 0, 120, cli);
        assertThat(cli.setting(index, "index.blocks.write")).as("held for reading").isEqualTo("true");
        first.destroy(); // SIGTERM
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as(cli.output("first")).isTrue();
      } finally {
        first.destroyForcibly();
      }
      assertThat(first.exitValue()).as(cli.output("first")).isZero();
      assertThat(cli.output("first")).contains(index + ": grace period over, aborting")
          .contains(index + ": aborted: the scheduler on").contains("is stopping and its grace period ended; nothing "
              + "was committed").containsPattern("scheduler node \\S+ stopped");

      assertThat(hdfs.exists(partition)).as("nothing committed").isFalse();
      assertThat(stagedFiles(hdfs, "/it-stop/stop")).as("staged files removed").isZero();
      assertThat(cli.setting(index, "index.blocks.write")).as("write block restored").isNotEqualTo("true");
      JsonNode stopped = history(cli, "stop").get(0);
      assertThat(stopped.path("run").path("status").asText()).as(stopped.toPrettyString()).isEqualTo("failed");
      assertThat(stopped.path("indices").get(0).path("status").asText()).isEqualTo("failed");
      assertThat(stopped.path("indices").get(0).path("detail").asText()).contains("aborted: the scheduler on");
      assertThat(cli.events().stream().filter(e -> e.path("type").asText().equals("org.esarchiver.index.failed")
          && e.path("subject").asText().equals(index)).count()).as("one index.failed").isEqualTo(1);

      Process second = cli.spawn("second", Map.of(), "schedule");
      try {
        await(() -> hdfs.exists(new org.apache.hadoop.fs.Path(partition, "_manifest.json")), 120, cli);
      } finally {
        second.destroy();
        second.waitFor(60, TimeUnit.SECONDS);
      }
      assertThat(second.exitValue()).as(cli.output("second")).isZero();
      List<org.apache.parquet.example.data.Group> rows =
          ParquetRows.readPartition(hdfs, stack.hadoopConfiguration(), partition);
      Set<String> ids = ParquetRows.ids(rows);
      assertThat(rows).hasSize(20_000);
      assertThat(ids).as("every document exactly once").hasSize(20_000);
      assertThat(stagedFiles(hdfs, "/it-stop/stop")).as("no staging left").isZero();
    }
  }

  private static String jobYaml(String pattern, String destination, String extra) {
    return """
        indices: ["%s"]
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        destination: %s
        %s
        """.formatted(pattern, destination, extra);
  }

  private static String indexName(String prefix, int daysAgo) {
    return prefix + LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo).format(NAME_DATE);
  }

  private static String createAgedIndex(CliHarness cli, String prefix, int daysAgo, int documents)
      throws IOException {
    String index = indexName(prefix, daysAgo);
    cli.cluster().createLogLines(index, documents);
    return index;
  }

  private static List<JsonNode> history(CliHarness cli, String job) {
    CliHarness.Result result = cli.cli("history", job, "--json", "--limit", "1000");
    if (result.code() != 0) {
      throw new AssertionError("history failed: " + result.err());
    }
    List<JsonNode> runs = new ArrayList<>();
    result.json().path("runs").forEach(runs::add);
    return runs;
  }

  private static long stagedFiles(FileSystem hdfs, String parent) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(parent);
    if (!hdfs.exists(path)) {
      return 0;
    }
    long files = 0;
    for (FileStatus status : hdfs.listStatus(path)) {
      if (status.getPath().getName().startsWith("_staging.")) {
        files += hdfs.listStatus(status.getPath(), p -> p.getName().endsWith(".parquet")).length;
      }
    }
    return files;
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void await(Check check, int seconds, CliHarness cli) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (check.holds()) {
        return;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("not within " + seconds + " s; node output:\n" + cli.output("node-a")
        + cli.output("node-b") + cli.output("first") + cli.output("second"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void execute(String url, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
