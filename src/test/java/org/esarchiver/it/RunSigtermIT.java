package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * A command-line run of a job over three indices gets SIGTERM while it writes the first: it aborts that index at its
 * next page, removes its staging directory, restores the write block, and does not start the other two. Each index gets
 * its index.failed ("aborted" for the first, "not started" for the others), the summary and the run history say the
 * same, and the process exits with 143 within scheduler.shutdown_grace. Nothing is committed; the next run archives all
 * three exactly.
 */
class RunSigtermIT {
  private static final Duration GRACE = Duration.ofSeconds(20);
  private static final String ABORTED = ": aborted: es-archiver received SIGTERM; nothing was committed";
  private static final String NOT_STARTED = ": not started: es-archiver received SIGTERM";

  @TempDir
  Path dir;

  @Test
  void sigtermAbortsTheRunCleanlyWithinTheGracePeriod() throws Exception {
    LocalStack stack = LocalStack.shared();
    // archived in name order: the big one first, then the two the signal keeps from starting
    Map<String, Integer> documents = new LinkedHashMap<>();
    documents.put(indexDaysAgo(13), 20_000);
    documents.put(indexDaysAgo(12), 1_000);
    documents.put(indexDaysAgo(11), 1_000);
    List<String> indices = List.copyOf(documents.keySet());
    String first = indices.get(0);
    List<String> notStarted = indices.subList(1, indices.size());
    try (CliHarness cli = new CliHarness(stack, dir, "it-sigterm", stack.kafkaBootstrapServers(),
            "scheduler: {shutdown_grace: " + GRACE.toSeconds() + "s}\n");
        FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
      for (Map.Entry<String, Integer> index : documents.entrySet()) {
        cli.cluster().createLogLines(index.getKey(), index.getValue());
      }
      cli.job("sigterm", """
          indices: ["itsigterm-*"]
          age: {date_pattern: yyyy.MM.dd, older_than: 1d}
          destination: /it-sigterm/{job}/dt={date}
          scroll: {batch_size: 100}
          parquet: {file_size: 64KB}
          """);
      org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path("/it-sigterm/sigterm");

      Process archiver = cli.spawn("child", Map.of(), "run", "sigterm");
      long signalled;
      try {
        waitForStagedFile(hdfs, parent, partition(first).getName(), archiver);
        assertThat(cli.setting(first, "index.blocks.write")).as("held for reading").isEqualTo("true");
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
          .containsPattern(first + "\\s+failed")
          .contains(first + ABORTED)
          .doesNotContain("did not end within");
      for (String index : notStarted) {
        assertThat(output).as("the summary says it was not started").containsPattern(index + "\\s+failed.*"
            + java.util.regex.Pattern.quote(index + NOT_STARTED));
      }
      assertThat(output).as("the summary's last line counts them").contains("0 archived, 0 skipped, 3 failed ("
          + notStarted.size() + " not started)");

      for (String index : indices) {
        assertThat(hdfs.exists(partition(index))).as("nothing committed of " + index).isFalse();
      }
      assertThat(names(hdfs, parent)).as("staging removed by the aborted run itself").isEmpty();
      assertThat(cli.setting(first, "index.blocks.write")).as("write block restored").isNotEqualTo("true");
      for (String index : notStarted) {
        assertThat(cli.setting(index, "index.blocks.write")).as(index + " never touched").isNull();
      }
      assertThat(Files.list(cli.stateDir().resolve("guards/sigterm")).toList()).as("no guard left").isEmpty();

      Map<String, String> failures = new LinkedHashMap<>();
      cli.events().stream().filter(e -> e.path("type").asText().equals("org.esarchiver.index.failed"))
          .forEach(e -> failures.merge(e.path("subject").asText(), e.path("data").path("error").asText(),
              (a, b) -> a + " | " + b));
      assertThat(failures).as("index.failed stored in the outbox and delivered, once per index")
          .containsExactlyInAnyOrderEntriesOf(Map.of(first, first + ABORTED,
              notStarted.get(0), notStarted.get(0) + NOT_STARTED, notStarted.get(1), notStarted.get(1) + NOT_STARTED));
      JsonNode run = cli.cli("history", "sigterm", "--json").json().path("runs").path(0);
      assertThat(run.path("run").path("status").asText()).isEqualTo("failed");
      Map<String, String> details = new LinkedHashMap<>();
      run.path("indices").forEach(entry -> {
        assertThat(entry.path("status").asText()).isEqualTo("failed");
        details.put(entry.path("index").asText(), entry.path("detail").asText());
      });
      assertThat(details).as("the run history").containsOnlyKeys(indices);
      assertThat(details.get(first)).contains("aborted: es-archiver received SIGTERM");
      notStarted.forEach(index -> assertThat(details.get(index)).isEqualTo(index + NOT_STARTED));

      CliHarness.Result rerun = cli.cli("run", "sigterm");
      assertThat(rerun.code()).as(rerun.out() + rerun.err()).isZero();
      for (Map.Entry<String, Integer> index : documents.entrySet()) {
        int count = index.getValue();
        assertThat(rerun.out()).containsPattern(index.getKey() + "\\s+archived\\s+"
            + String.format(java.util.Locale.ROOT, "%,d", count));
        List<Group> rows = ParquetRows.readPartition(hdfs, stack.hadoopConfiguration(), partition(index.getKey()));
        Set<String> ids = ParquetRows.ids(rows);
        assertThat(rows).as(index.getKey()).hasSize(count);
        assertThat(ids).as("every document of " + index.getKey() + " exactly once").hasSize(count);
      }
    }
  }

  private static String indexDaysAgo(int days) {
    return "itsigterm-" + LocalDate.now(ZoneOffset.UTC).minusDays(days).format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
  }

  private static org.apache.hadoop.fs.Path partition(String index) {
    return new org.apache.hadoop.fs.Path("/it-sigterm/sigterm/dt=" + index.substring(index.indexOf('-') + 1)
        .replace('.', '-'));
  }

  private void waitForStagedFile(FileSystem hdfs, org.apache.hadoop.fs.Path parent, String partition,
      Process archiver) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!archiver.isAlive()) {
        throw new AssertionError("the archiver ended (" + archiver.exitValue() + ") before the signal: "
            + Files.readString(dir.resolve("child.err")));
      }
      if (hdfs.exists(parent)) {
        for (FileStatus status : hdfs.listStatus(parent)) {
          if (status.getPath().getName().startsWith("_staging." + partition + ".")
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
