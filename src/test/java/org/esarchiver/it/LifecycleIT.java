package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.esarchiver.sink.JobSchema;
import java.time.Clock;
import java.util.Optional;
import org.esarchiver.config.DatabaseConnection;
import org.esarchiver.state.RunHistory;
import org.esarchiver.state.StateDatabase;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Backfill, forced re-archive, post-archive actions and the job lock, against the real services. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleIT {
  private static final DateTimeFormatter NAME_DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd");

  @TempDir
  static Path dir;

  private CliHarness cli;
  private FileSystem hdfs;
  private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

  @BeforeAll
  void seed() throws Exception {
    LocalStack stack = LocalStack.shared();
    cli = new CliHarness(stack, dir, "it-lifecycle");
    hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration());
    for (int days = 1; days <= 5; days++) {
      seed("itbf-" + daysAgo(days));
    }
    seed("itact-close-" + daysAgo(10));
    seed("itact-ro-" + daysAgo(10));
    cli.job("backfill", """
        indices: ["itbf-*"]
        age: {date_pattern: yyyy.MM.dd, older_than: 30d}
        destination: /it-lifecycle/{job}/dt={date}
        """);
  }

  @AfterAll
  void close() throws Exception {
    hdfs.close();
    cli.close();
  }

  @Test
  void backfillArchivesARangeWhateverItsAgeAndResumes() throws Exception {
    String from = today.minusDays(4).toString();
    String to = today.minusDays(2).toString();
    assertThat(cli.cli("run", "backfill").out()).as("nothing is 30 days old").contains("nothing is due");

    CliHarness.Result dryRun = cli.cli("backfill", "backfill", "--from", from, "--to", to, "--dry-run");
    assertThat(dryRun.code()).as(dryRun.err()).isZero();
    assertThat(dryRun.out()).contains("3 would be archived");
    assertThat(hdfs.exists(new org.apache.hadoop.fs.Path("/it-lifecycle/backfill"))).isFalse();

    CliHarness.Result first = cli.cli("backfill", "backfill", "--from", from, "--to", to);
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("3 archived, 0 skipped, 0 failed");

    CliHarness.Result wider = cli.cli("backfill", "backfill", "--from", today.minusDays(5).toString(),
        "--to", today.minusDays(1).toString());
    assertThat(wider.code()).as(wider.out() + wider.err()).isZero();
    assertThat(wider.out()).as("a rerun skips what is done").contains("2 archived, 3 skipped, 0 failed")
        .containsPattern("itbf-" + daysAgo(3) + "\\s+skipped.*already archived");
    assertThat(partitions("/it-lifecycle/backfill")).hasSize(5);

    CliHarness.Result backwards = cli.cli("backfill", "backfill", "--from", to, "--to", from);
    assertThat(backwards.code()).isEqualTo(2);
    assertThat(backwards.err()).contains("--from " + to + " is after --to " + from);
    assertThat(cli.cli("backfill", "backfill", "--from", "yesterday", "--to", to).code()).isEqualTo(2);
  }

  @Test
  void forceReplacesAnArchiveWithoutLeavingTheOldOneBehind() throws Exception {
    String index = "itbf-" + daysAgo(2);
    String date = today.minusDays(2).toString();
    cli.cli("backfill", "backfill", "--from", date, "--to", date);
    org.apache.hadoop.fs.Path manifest = new org.apache.hadoop.fs.Path("/it-lifecycle/backfill/dt=" + date
        + "/_manifest.json");
    String firstRun = CliHarness.JSON.readTree(hdfs.open(manifest)).path("run_id").asText();

    CliHarness.Result forced = cli.cli("backfill", "backfill", "--from", date, "--to", date, "--force");

    assertThat(forced.code()).as(forced.out() + forced.err()).isZero();
    assertThat(forced.out()).containsPattern(index + "\\s+archived\\s+4.*replaced the earlier archive");
    JsonNode replaced = CliHarness.JSON.readTree(hdfs.open(manifest));
    assertThat(replaced.path("run_id").asText()).isNotEqualTo(firstRun);
    assertThat(replaced.path("id_checksum").asText()).startsWith("4:");
    assertThat(partitions("/it-lifecycle/backfill")).allMatch(name -> name.startsWith("dt="));
  }

  @Test
  void actionsRunAfterTheArchiveAndTheDryRunShowsThem() throws Exception {
    String closing = "itact-close-" + daysAgo(10);
    String readOnly = "itact-ro-" + daysAgo(10);
    cli.job("act-close", jobFor("itact-close-*", "close"));
    cli.job("act-ro", jobFor("itact-ro-*", "read_only"));

    CliHarness.Result plan = cli.cli("plan", "act-close");
    assertThat(plan.out()).containsPattern(closing + ".*archive, then close");
    CliHarness.Result dryRun = cli.cli("run", "act-close", "--dry-run");
    assertThat(dryRun.out()).containsPattern(closing + "\\s+would archive.*then close it");
    assertThat(cli.status(closing)).isEqualTo("open");

    CliHarness.Result closed = cli.cli("run", "act-close");
    CliHarness.Result madeReadOnly = cli.cli("run", "act-ro");

    assertThat(closed.code()).as(closed.out() + closed.err()).isZero();
    assertThat(closed.out()).containsPattern(closing + "\\s+archived.*closed");
    assertThat(cli.status(closing)).isEqualTo("close");
    assertThat(madeReadOnly.code()).as(madeReadOnly.out() + madeReadOnly.err()).isZero();
    assertThat(cli.setting(readOnly, "index.blocks.read_only")).isEqualTo("true");
    List<String> types = new ArrayList<>();
    for (JsonNode event : cli.events()) {
      if (event.path("subject").asText().startsWith("itact-")) {
        types.add(event.path("type").asText() + " " + event.path("subject").asText());
      }
    }
    assertThat(types).containsExactly("org.esarchiver.index.archived " + closing,
        "org.esarchiver.index.closed " + closing, "org.esarchiver.index.archived " + readOnly,
        "org.esarchiver.index.made_read_only " + readOnly);
  }

  @Test
  void aSecondRunOfTheSameJobIsRefused() {
    try (StateDatabase database = StateDatabase.open(new DatabaseConnection(Optional.empty(), Optional.empty(),
        Optional.empty()), cli.stateDir())) {
      RunHistory history = new RunHistory(database, Clock.systemUTC());
      history.begin("held-by-test", "backfill", RunHistory.Kind.CLI, "elsewhere:1", "by age", Optional.empty());
      CliHarness.Result refused = cli.cli("run", "backfill");
      assertThat(refused.code()).isEqualTo(3);
      assertThat(refused.err()).contains("another run of job backfill is in progress (run held-by-test on elsewhere:1");
      history.finish("held-by-test", "failed", "test over");
    }
  }

  private static String jobFor(String pattern, String action) {
    return """
        indices: ["%s"]
        age: {date_pattern: yyyy.MM.dd, older_than: 3d}
        destination: /it-lifecycle/{job}/{index}
        after_archive: %s
        """.formatted(pattern, action);
  }

  private List<String> partitions(String path) throws Exception {
    return Arrays.stream(hdfs.listStatus(new org.apache.hadoop.fs.Path(path))).map(s -> s.getPath().getName())
        .filter(name -> !name.equals(JobSchema.FILE_NAME))
        .toList();
  }

  private String daysAgo(int days) {
    return today.minusDays(days).format(NAME_DATE);
  }

  private void seed(String index) throws Exception {
    cli.cluster().createIndex(index, 1, "{\"properties\":{\"n\":{\"type\":\"long\"}}}");
    List<TestCluster.Document> docs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ObjectNode source = CliHarness.JSON.createObjectNode().put("n", i);
      docs.add(new TestCluster.Document(index + "-" + i, source));
    }
    cli.cluster().index(index, docs);
  }
}
