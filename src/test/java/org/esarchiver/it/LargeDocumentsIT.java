package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index of 1 MB documents is archived by the archiver in a JVM of its own capped at -Xmx512m, with the job's
 * default batch size (1,000 documents a page, which would be a page of 300 MB here): pages are sized by bytes and row
 * groups by the heap, so the run completes within the cap, and every document is archived whole.
 */
class LargeDocumentsIT {
  private static final int DOCUMENTS = 300;
  private static final int TEXT_BYTES = 1 << 20;

  @TempDir
  Path dir;

  @Test
  void anIndexOfOneMegabyteDocumentsIsArchivedWithinHalfAGigabyteOfHeap() throws Exception {
    LocalStack stack = LocalStack.shared();
    LocalDate date = LocalDate.now(ZoneOffset.UTC).minusDays(20);
    String index = "itlarge-" + date.format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
    try (CliHarness cli = new CliHarness(stack, dir, "it-large");
        FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
      cli.cluster().createIndex(index, 1, "{\"properties\":{\"n\":{\"type\":\"long\"},"
          + "\"body\":{\"type\":\"text\",\"index\":false}}}");
      Random random = new Random(42);
      for (int from = 0; from < DOCUMENTS; from += 10) {
        List<TestCluster.Document> docs = new ArrayList<>();
        for (int i = from; i < from + 10; i++) {
          docs.add(new TestCluster.Document("doc-" + i,
              CliHarness.JSON.createObjectNode().put("n", i).put("body", text(random))));
        }
        cli.cluster().index(index, docs);
      }
      cli.job("large", """
          indices: ["itlarge-*"]
          age: {date_pattern: yyyy.MM.dd, older_than: 1d}
          destination: /it-large/{job}/dt={date}
          array_sample_size: 1000
          """);

      Process archiver = startArchiverProcess(cli, "-Xmx512m");
      assertThat(archiver.waitFor(10, TimeUnit.MINUTES)).as("the archiver finished").isTrue();
      String log = Files.readString(dir.resolve("child.out")) + Files.readString(dir.resolve("child.err"));
      assertThat(archiver.exitValue()).as(log).isZero();
      assertThat(log).doesNotContain("OutOfMemoryError").containsPattern(index + "\\s+archived\\s+300");

      org.apache.hadoop.fs.Path partition = new org.apache.hadoop.fs.Path("/it-large/large/dt=" + date);
      JsonNode manifest = CliHarness.JSON.readTree(hdfs.open(new org.apache.hadoop.fs.Path(partition,
          "_manifest.json")));
      assertThat(manifest.path("rows").asLong()).isEqualTo(DOCUMENTS);
      List<Group> rows = ParquetRows.readPartition(hdfs, stack.hadoopConfiguration(), partition);
      Set<Long> numbers = new HashSet<>();
      for (Group row : rows) {
        numbers.add(ParquetRows.longValue(row, "n"));
        assertThat(ParquetRows.string(row, "body")).hasSize(TEXT_BYTES);
      }
      assertThat(numbers).hasSize(DOCUMENTS);
    }
  }

  /** 1 MB of random words, so that compression cannot make the document small. */
  private static String text(Random random) {
    StringBuilder text = new StringBuilder(TEXT_BYTES);
    while (text.length() < TEXT_BYTES) {
      int length = 2 + random.nextInt(9);
      for (int i = 0; i < length && text.length() < TEXT_BYTES - 1; i++) {
        text.append((char) ('a' + random.nextInt(26)));
      }
      text.append(' ');
    }
    text.setLength(TEXT_BYTES);
    return text.toString();
  }

  /** The archiver's command line in a JVM of its own, on the test classpath, with the heap capped. */
  private Process startArchiverProcess(CliHarness cli, String heap) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path tmp = Files.createDirectories(dir.resolve("child-tmp"));
    // The collector bin/es-archiver runs with.
    List<String> command = List.of(java, heap, "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError",
        "-Djava.io.tmpdir=" + tmp,
        "-cp", classpath, "org.esarchiver.cli.Main", "--config", cli.config().toString(),
        "--jobs-dir", cli.jobsDir().toString(), "run", "large");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("child.out").toFile())
        .redirectError(dir.resolve("child.err").toFile());
    builder.environment().remove("CLASSPATH");
    return builder.start();
  }
}
