package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.esarchiver.sink.JobSchema;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command-line run gets SIGTERM while it writes an index: it aborts that index at its next page, removes its staging
 * directory, restores the write block, stores index.failed, marks the run failed in the history and exits with 143
 * within scheduler.shutdown_grace. Nothing is committed; the next run archives the index exactly.
 */
class RunSigtermIT {
  private static final Duration GRACE = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  @Test
  void sigtermAbortsTheRunCleanlyWithinTheGracePeriod() throws Exception {
    LocalStack stack = LocalStack.shared();
    LocalDate date = LocalDate.now(ZoneOffset.UTC).minusDays(13);
    String index = "itsigterm-" + date.format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
    int documents = 20_000;
    try (CliHarness cli = new CliHarness(stack, dir, "it-sigterm", stack.kafkaBootstrapServers(),
            "scheduler: {shutdown_grace: " + GRACE.toSeconds() + "s}\n");
        FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
      cli.cluster().createIndex(index, 1,
          "{\"properties\":{\"n\":{\"type\":\"long\"},\"text\":{\"type\":\"keyword\"}}}");
      List<TestCluster.Document> docs = new ArrayList<>();
      for (int i = 0; i < documents; i++) {
        ObjectNode source = CliHarness.JSON.createObjectNode().put("n", i).put("text", "line " + i + " of the log");
        docs.add(new TestCluster.Document("doc-" + i, source));
      }
      cli.cluster().index(index, docs);
      cli.job("sigterm", """
          indices: ["itsigterm-*"]
          age: {date_pattern: yyyy.MM.dd, older_than: 1d}
          destination: /it-sigterm/{job}/dt={date}
          scroll: {batch_size: 100}
          parquet: {file_size: 64KB}
          """);
      org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path("/it-sigterm/sigterm");
      org.apache.hadoop.fs.Path partition = new org.apache.hadoop.fs.Path(parent, "dt=" + date);

      Process archiver = cli.spawn("child", Map.of(), "run", "sigterm");
      long signalled;
      try {
        waitForStagedFile(hdfs, parent, archiver);
        assertThat(cli.setting(index, "index.blocks.write")).as("held for reading").isEqualTo("true");
        archiver.destroy(); // SIGTERM
        signalled = System.nanoTime();
        assertThat(archiver.waitFor(GRACE.toSeconds() + 15, TimeUnit.SECONDS)).as(cli.output("child")).isTrue();
      } finally {
        archiver.destroyForcibly();
      }
      Duration exitedAfter = Duration.ofNanos(System.nanoTime() - signalled);
      String output = cli.output("child");
      assertThat(archiver.exitValue()).as(output).isEqualTo(143);
      assertThat(exitedAfter).as("exit within scheduler.shutdown_grace (JVM exit included)")
          .isLessThan(GRACE.plusSeconds(5));
      assertThat(output).contains("SIGTERM: aborting the run")
          .containsPattern(index + "\\s+failed")
          .contains(index + ": aborted: es-archiver received SIGTERM; nothing was committed")
          .doesNotContain("did not end within");

      assertThat(hdfs.exists(partition)).as("nothing committed").isFalse();
      assertThat(names(hdfs, parent)).as("staging removed by the aborted run itself").isEmpty();
      assertThat(cli.setting(index, "index.blocks.write")).as("write block restored").isNotEqualTo("true");
      assertThat(Files.list(cli.stateDir().resolve("guards/sigterm")).toList()).as("no guard left").isEmpty();

      List<JsonNode> failed = cli.events().stream()
          .filter(e -> e.path("type").asText().equals("org.esarchiver.index.failed")).toList();
      assertThat(failed).as("index.failed stored in the outbox and delivered").singleElement()
          .satisfies(e -> assertThat(e.path("data").path("error").asText())
              .isEqualTo(index + ": aborted: es-archiver received SIGTERM; nothing was committed"));
      JsonNode run = cli.cli("history", "sigterm", "--json").json().path("runs").path(0);
      assertThat(run.path("run").path("status").asText()).isEqualTo("failed");
      assertThat(run.path("indices")).singleElement().satisfies(entry -> {
        assertThat(entry.path("status").asText()).isEqualTo("failed");
        assertThat(entry.path("detail").asText()).contains("aborted: es-archiver received SIGTERM");
      });

      CliHarness.Result rerun = cli.cli("run", "sigterm");
      assertThat(rerun.code()).as(rerun.out() + rerun.err()).isZero();
      assertThat(rerun.out()).containsPattern(index + "\\s+archived\\s+20,000");
      List<Group> rows = ParquetRows.readPartition(hdfs, stack.hadoopConfiguration(), partition);
      Set<String> ids = new HashSet<>();
      rows.forEach(row -> ids.add(ParquetRows.string(row, "_id")));
      assertThat(rows).hasSize(documents);
      assertThat(ids).as("every document exactly once").hasSize(documents);
    }
  }

  private void waitForStagedFile(FileSystem hdfs, org.apache.hadoop.fs.Path parent, Process archiver)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!archiver.isAlive()) {
        throw new AssertionError("the archiver ended (" + archiver.exitValue() + ") before the signal: "
            + Files.readString(dir.resolve("child.err")));
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
    throw new AssertionError("no staged file after 120 s: " + Files.readString(dir.resolve("child.err")));
  }

  private static List<String> names(FileSystem hdfs, org.apache.hadoop.fs.Path dir) throws Exception {
    return Arrays.stream(hdfs.listStatus(dir)).map(s -> s.getPath().getName())
        .filter(name -> !name.equals(JobSchema.FILE_NAME)).sorted().toList();
  }
}
