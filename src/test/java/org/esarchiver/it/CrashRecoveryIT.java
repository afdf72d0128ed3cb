package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
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
 * The archiver runs as its own process and is killed with SIGKILL in the middle of writing an index: no shutdown hook,
 * no finally block, no event. The next run cleans up after it and ends with exactly one complete archive, every
 * document once, no staging left, and the events of a clean run plus one failure record for the killed attempt.
 */
class CrashRecoveryIT {
  @TempDir
  Path dir;

  @Test
  void aRunKilledWhileWritingIsCleanedUpAndCompletedByTheNextRun() throws Exception {
    LocalStack stack = LocalStack.shared();
    LocalDate date = LocalDate.now(ZoneOffset.UTC).minusDays(12);
    String index = "itcrash-" + date.format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
    int documents = 20_000;
    try (CliHarness cli = new CliHarness(stack, dir, "it-crash");
        FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
      cli.cluster().createLogLines(index, documents);
      cli.job("crash", """
          indices: ["itcrash-*"]
          age: {date_pattern: yyyy.MM.dd, older_than: 1d}
          destination: /it-crash/{job}/dt={date}
          scroll: {batch_size: 200}
          parquet: {file_size: 128KB}
          """);
      org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path("/it-crash/crash");
      org.apache.hadoop.fs.Path partition = new org.apache.hadoop.fs.Path(parent, "dt=" + date);

      Process archiver = cli.spawn("child", Map.of(), "run", "crash");
      try {
        waitForStagedFiles(hdfs, parent, 2, archiver);
      } finally {
        archiver.destroyForcibly(); // SIGKILL
        assertThat(archiver.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(archiver.exitValue()).as("killed by SIGKILL").isEqualTo(137);
      assertThat(hdfs.exists(partition)).as("killed before its commit").isFalse();
      assertThat(names(hdfs, parent)).singleElement().asString().startsWith("_staging.dt=" + date + ".");
      assertThat(cli.setting(index, "index.blocks.write")).as("the killed run's write block").isEqualTo("true");

      CliHarness.Result rerun = cli.cli("run", "crash");

      assertThat(rerun.code()).as(rerun.out() + rerun.err()).isZero();
      assertThat(rerun.out()).containsPattern(index + "\\s+archived\\s+20,000");
      assertThat(names(hdfs, parent)).as("one archive, no staging left").containsExactly("dt=" + date);
      assertThat(hdfs.exists(new org.apache.hadoop.fs.Path(partition, "_SUCCESS"))).isTrue();
      List<Group> rows = ParquetRows.readPartition(hdfs, stack.hadoopConfiguration(), partition);
      Set<String> ids = ParquetRows.ids(rows);
      assertThat(rows).hasSize(documents);
      assertThat(ids).as("every document exactly once").hasSize(documents);
      assertThat(Files.list(cli.stateDir().resolve("guards/crash")).toList()).as("no guard left").isEmpty();

      List<JsonNode> events = cli.events().stream()
          .filter(e -> e.path("type").asText().startsWith("org.esarchiver.index.")).toList();
      List<JsonNode> archived = events.stream()
          .filter(e -> e.path("type").asText().equals("org.esarchiver.index.archived")).toList();
      List<JsonNode> failed = events.stream()
          .filter(e -> e.path("type").asText().equals("org.esarchiver.index.failed")).toList();
      assertThat(events).as("a clean run's events, plus the killed attempt's failure").hasSize(2);
      assertThat(archived).singleElement().satisfies(e -> {
        assertThat(e.path("subject").asText()).isEqualTo(index);
        assertThat(e.path("data").path("documents").asLong()).isEqualTo(documents);
      });
      assertThat(failed).singleElement().satisfies(e -> {
        assertThat(e.path("subject").asText()).isEqualTo(index);
        assertThat(e.path("data").path("run_id").asText())
            .as("recorded for the killed run").isNotEqualTo(archived.get(0).path("data").path("run_id").asText());
        assertThat(e.path("data").path("error").asText()).contains(
            "did not finish cleanly (its process died, or its staging could not be removed)")
            .contains("removed its staging directory");
      });
      assertThat(events.indexOf(failed.get(0))).isLessThan(events.indexOf(archived.get(0)));
    }
  }

  /** Waits until the staging directory holds {@code files} Parquet files: the run is writing, well before its end. */
  private void waitForStagedFiles(FileSystem hdfs, org.apache.hadoop.fs.Path parent, int files, Process archiver)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!archiver.isAlive()) {
        throw new AssertionError("the archiver ended (" + archiver.exitValue() + ") before it could be killed: "
            + Files.readString(dir.resolve("child.err")));
      }
      if (hdfs.exists(parent)) {
        for (FileStatus status : hdfs.listStatus(parent)) {
          if (status.getPath().getName().startsWith("_staging.")
              && hdfs.listStatus(status.getPath(), p -> p.getName().endsWith(".parquet")).length >= files) {
            return;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no staged files after 90 s: " + Files.readString(dir.resolve("child.err")));
  }

  private static List<String> names(FileSystem hdfs, org.apache.hadoop.fs.Path dir) throws Exception {
    return Arrays.stream(hdfs.listStatus(dir)).map(s -> s.getPath().getName())
        .filter(name -> !name.equals(JobSchema.FILE_NAME)).sorted().toList();
  }
}
