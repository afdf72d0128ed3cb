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
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;
import org.apache.parquet.example.data.Group;
import org.esarchiver.sink.JobSchema;
import org.esarchiver.testsupport.HdfsCluster;
import org.esarchiver.testsupport.LocalStack;
import org.esarchiver.testsupport.LocalStackPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * HDFS fails under a run, on an HDFS of this test's own (the shared one is left alone): its DataNode is stopped in the
 * middle of writing, and the job's directory is out of space (a space quota). Each time the index fails with the HDFS
 * error, nothing is committed (no partition, no staging left), the write block is restored, index.failed is
 * announced, and once HDFS is healthy again the next run archives the index exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsFaultsIT {
  private static final int DOCUMENTS = 20_000;

  private Path dir;

  private LocalStack stack;
  private HdfsCluster hdfsCluster;
  private FileSystem hdfs;

  @BeforeAll
  void startHdfs() throws Exception {
    stack = LocalStack.shared();
    dir = Files.createTempDirectory("es-archiver-hdfs-faults-");
    hdfsCluster = HdfsCluster.start(dir.resolve("hdfs"), LocalStackPorts.free().hdfs(), false);
    hdfs = FileSystem.newInstance(hdfsCluster.uri(), hdfsCluster.configuration());
  }

  @AfterAll
  void stopHdfs() throws Exception {
    if (hdfs != null) {
      hdfs.close();
    }
    if (hdfsCluster != null) {
      hdfsCluster.close();
    }
    if (dir != null) {
      try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  void aDataNodeStoppedMidWriteFailsTheIndexCleanlyAndTheNextRunArchivesIt() throws Exception {
    String index = seededIndex("ithdfsdn", 14);
    try (CliHarness cli = harness("it-hdfs-datanode")) {
      cli.job("datanode", job("ithdfsdn"));
      org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path("/it-hdfs/datanode");

      CompletableFuture<CliHarness.Result> run = CompletableFuture.supplyAsync(() -> cli.cli("run", "datanode"));
      waitForStagedFile(parent, run);
      MiniDFSCluster.DataNodeProperties dataNode = hdfsCluster.miniCluster().stopDataNode(0);
      CliHarness.Result failed = run.get(5, TimeUnit.MINUTES);
      hdfsCluster.miniCluster().restartDataNode(dataNode, true);
      hdfsCluster.miniCluster().waitActive();

      assertThat(failed.code()).as(failed.out() + failed.err()).isEqualTo(1);
      assertThat(failed.out()).containsPattern(index + "\\s+failed");
      assertFailedCleanly(cli, index, parent, "datanode");
      assertArchivedByTheNextRun(cli, index, parent, "datanode");
    }
  }

  @Test
  void theNameNodeStoppedMidWriteFailsTheIndexCleanlyAndTheNextRunArchivesIt() throws Exception {
    String index = seededIndex("ithdfsnn", 16);
    try (CliHarness cli = harness("it-hdfs-namenode")) {
      cli.job("namenode", job("ithdfsnn"));
      org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path("/it-hdfs/namenode");

      CompletableFuture<CliHarness.Result> run = CompletableFuture.supplyAsync(() -> cli.cli("run", "namenode"));
      waitForStagedFile(parent, run);
      hdfsCluster.miniCluster().shutdownNameNode(0);
      long stopped = System.nanoTime();
      CliHarness.Result failed;
      try {
        failed = run.get(2, TimeUnit.MINUTES);
      } finally {
        Duration failedAfter = Duration.ofNanos(System.nanoTime() - stopped);
        hdfsCluster.miniCluster().restartNameNode(0, true);
        hdfsCluster.miniCluster().waitActive();
        assertThat(failedAfter).as("the HDFS client gives up on a NameNode that is gone within its bounded retries")
            .isLessThan(Duration.ofSeconds(60));
      }

      assertThat(failed.code()).as(failed.out() + failed.err()).isEqualTo(1);
      String nameNode = "(127\\.0\\.0\\.1|\"?localhost\"?):" + hdfsCluster.nameNodePort();
      assertThat(failedLine(failed, index)).as("the summary names the index and the NameNode")
          .containsPattern(nameNode);
      String error = cli.events().stream().filter(e -> e.path("type").asText().equals("org.esarchiver.index.failed"))
          .map(e -> e.path("data").path("error").asText()).findFirst().orElse("");
      assertThat(error).as("index.failed: one line naming the index and the NameNode").startsWith(index + ": ")
          .containsPattern(nameNode).doesNotContain("\n")
          .as("the write's own failure, naming the file, not the cleanup's that failed after it")
          .contains("/it-hdfs/namenode/_staging.").doesNotContain("abandoned file");
      assertThat(names(parent).stream().filter(name -> !name.startsWith("_")))
          .as("nothing committed: no archive, nothing a query engine reads").isEmpty();
      assertFailedCleanly(cli, index, "namenode");
      assertArchivedByTheNextRun(cli, index, parent, "namenode");
      assertThat(cli.events().stream().filter(e -> e.path("type").asText().equals("org.esarchiver.index.failed")))
          .as("the failure announced once (removing the staging the failed run could not remove repeats its event id)")
          .hasSize(1);
    }
  }

  @Test
  void aSpaceQuotaReachedFailsTheIndexCleanlyAndTheNextRunArchivesIt() throws Exception {
    String index = seededIndex("ithdfsquota", 15);
    try (CliHarness cli = harness("it-hdfs-quota")) {
      cli.job("quota", job("ithdfsquota"));
      org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path("/it-hdfs/quota");
      hdfs.mkdirs(parent);
      DistributedFileSystem dfs = (DistributedFileSystem) hdfs;
      dfs.setQuota(parent, HdfsConstants.QUOTA_DONT_SET, 1024 * 1024); // less than one block: no file fits

      CliHarness.Result failed = cli.cli("run", "quota");

      assertThat(failed.code()).as(failed.out() + failed.err()).isEqualTo(1);
      assertThat(failed.out()).containsPattern(index + "\\s+failed");
      assertThat(failed.out() + failed.err()).contains("DiskSpace quota of /it-hdfs/quota is exceeded");
      assertFailedCleanly(cli, index, parent, "quota");

      dfs.setQuota(parent, HdfsConstants.QUOTA_DONT_SET, HdfsConstants.QUOTA_RESET);
      assertArchivedByTheNextRun(cli, index, parent, "quota");
    }
  }

  private CliHarness harness(String topic) throws Exception {
    return new CliHarness(stack, dir.resolve(topic), topic, stack.elasticsearchUrl(), hdfsCluster.uri(),
        stack.kafkaBootstrapServers(), "");
  }

  private static String job(String prefix) {
    return """
        indices: ["%s-*"]
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        destination: /it-hdfs/{job}/dt={date}
        scroll: {batch_size: 200}
        parquet: {file_size: 64KB}
        """.formatted(prefix);
  }

  private String seededIndex(String prefix, int daysAgo) throws Exception {
    String index = prefix + "-" + LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo)
        .format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
    try (TestCluster cluster = new TestCluster(stack)) {
      cluster.createLogLines(index, DOCUMENTS);
    }
    return index;
  }

  /** No partition, no staging directory, the write block restored, no guard journal, and index.failed announced. */
  private void assertFailedCleanly(CliHarness cli, String index, org.apache.hadoop.fs.Path parent, String job)
      throws Exception {
    assertThat(names(parent)).as("nothing committed, staging removed").isEmpty();
    assertFailedCleanly(cli, index, job);
  }

  /** The write block restored, no guard journal, index.failed announced, and the run failed in the history. */
  private void assertFailedCleanly(CliHarness cli, String index, String job) throws Exception {
    assertThat(cli.setting(index, "index.blocks.write")).as("write block restored").isNotEqualTo("true");
    assertThat(Files.list(cli.stateDir().resolve("guards/" + job)).toList()).as("no guard left").isEmpty();
    List<JsonNode> failures = cli.events().stream()
        .filter(e -> e.path("type").asText().equals("org.esarchiver.index.failed")).toList();
    assertThat(failures).as("index.failed stored in the outbox and delivered").singleElement()
        .satisfies(e -> assertThat(e.path("subject").asText()).isEqualTo(index));
    JsonNode run = cli.cli("history", job, "--json").json().path("runs").path(0);
    assertThat(run.path("run").path("status").asText()).isEqualTo("failed");
  }

  private void assertArchivedByTheNextRun(CliHarness cli, String index, org.apache.hadoop.fs.Path parent,
      String job) throws Exception {
    CliHarness.Result rerun = cli.cli("run", job);
    assertThat(rerun.code()).as(rerun.out() + rerun.err()).isZero();
    assertThat(rerun.out()).containsPattern(index + "\\s+archived\\s+20,000");
    org.apache.hadoop.fs.Path partition = new org.apache.hadoop.fs.Path(parent, "dt=" + index.substring(
        index.indexOf('-') + 1).replace('.', '-'));
    assertThat(names(parent)).as("one archive, no staging").containsExactly(partition.getName());
    List<Group> rows = ParquetRows.readPartition(hdfs, hdfsCluster.configuration(), partition);
    Set<String> ids = ParquetRows.ids(rows);
    assertThat(rows).hasSize(DOCUMENTS);
    assertThat(ids).as("every document exactly once").hasSize(DOCUMENTS);
  }

  /** The summary row of the failed index: its detail is the error, on one line. */
  private static String failedLine(CliHarness.Result result, String index) {
    return result.out().lines().filter(line -> line.matches(java.util.regex.Pattern.quote(index) + "\\s+failed.*"))
        .findFirst().orElseThrow(() -> new AssertionError("no failed row of " + index + ": " + result.out()));
  }

  private void waitForStagedFile(org.apache.hadoop.fs.Path parent, CompletableFuture<CliHarness.Result> run)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (run.isDone()) {
        throw new AssertionError("the run ended before the DataNode was stopped: " + run.get());
      }
      if (hdfs.exists(parent)) {
        for (FileStatus status : hdfs.listStatus(parent)) {
          if (status.getPath().getName().startsWith("_staging.")
              && hdfs.listStatus(status.getPath(), p -> p.getName().endsWith(".parquet")).length >= 2) {
            return;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no staged files after 120 s");
  }

  private List<String> names(org.apache.hadoop.fs.Path parent) throws Exception {
    if (!hdfs.exists(parent)) {
      return List.of();
    }
    return Arrays.stream(hdfs.listStatus(parent)).map(s -> s.getPath().getName())
        .filter(name -> !name.equals(JobSchema.FILE_NAME)).sorted().toList();
  }
}
