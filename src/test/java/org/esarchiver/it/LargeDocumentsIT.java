package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
import java.util.function.IntFunction;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large documents archived by the archiver in a JVM of its own capped at -Xmx512m, with the job's default batch size
 * (5,000 documents a page):
 * <ul>
 *   <li>an index of 1 MB documents (a page of 5 GB at the batch size): pages are sized by bytes and row groups by the
 *       heap, so the run completes within the cap, and every document is archived whole;
 *   <li>an index whose first documents are small and later ones 512 KB: the pages sized from the first documents come
 *       to more than a page may take (a sixteenth of the heap), and the read goes on with smaller pages, in the slices
 *       (scroll and point in time) and in the sample of the first documents alike.
 * </ul>
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
      Random random = new Random(42);
      createIndex(cli, index);
      index(cli, index, 0, DOCUMENTS, n -> text(random, TEXT_BYTES));
      cli.job("large", """
          indices: ["itlarge-*"]
          age: {date_pattern: yyyy.MM.dd, older_than: 1d}
          destination: /it-large/{job}/dt={date}
          array_sample_size: 1000
          """);

      Process archiver = startArchiverProcess(cli, "large", "-Xmx512m");
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

  @Test
  void pagesThatComeToMoreThanTheLimitAreReadAgainSmallerWhetherInTheSampleOrInTheSlices() throws Exception {
    LocalStack stack = LocalStack.shared();
    LocalDate date = LocalDate.now(ZoneOffset.UTC).minusDays(20);
    String index = "itskewed-" + date.format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
    int small = 20;
    int large = 100;
    try (CliHarness cli = new CliHarness(stack, dir, "it-skewed");
        FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
      Random random = new Random(7);
      createIndex(cli, index);
      // In _doc order: the small documents first, so that they size the pages.
      index(cli, index, 0, small, n -> "short");
      index(cli, index, small, small + large, n -> text(random, TEXT_BYTES / 2));
      String skewed = """
          indices: ["itskewed-*"]
          age: {date_pattern: yyyy.MM.dd, older_than: 1d}
          destination: /it-skewed/{job}/dt={date}
          """;
      cli.job("slices", skewed + "array_sample_size: 0\n");
      cli.job("sample", skewed + "array_sample_size: 1000\n");
      cli.job("pit", skewed + "array_sample_size: 0\nscroll: {api: point_in_time, max_slices: 1}\n");

      for (String job : List.of("slices", "sample", "pit")) {
        Process archiver = startArchiverProcess(cli, job, "-Xmx512m");
        assertThat(archiver.waitFor(10, TimeUnit.MINUTES)).as("the archiver finished").isTrue();
        String log = Files.readString(dir.resolve("child.out")) + Files.readString(dir.resolve("child.err"));
        assertThat(archiver.exitValue()).as(log).isZero();
        String where = job.equals("sample") ? index + ": the sample of its first documents" : index + " slice 0";
        assertThat(log).as(job)
            .containsPattern(where + ": a page of " + (small + large) + " documents came to more than \\d+ MB "
                + "\\(later documents are larger than the first ones, which sized the pages\\); reading again with "
                + "pages of \\d+")
            .containsPattern(index + "\\s+archived\\s+" + (small + large))
            .doesNotContain("OutOfMemoryError");

        List<Group> rows = ParquetRows.readPartition(hdfs, stack.hadoopConfiguration(),
            new org.apache.hadoop.fs.Path("/it-skewed/" + job + "/dt=" + date));
        Set<Long> numbers = new HashSet<>();
        for (Group row : rows) {
          long n = ParquetRows.longValue(row, "n");
          numbers.add(n);
          assertThat(ParquetRows.string(row, "body")).hasSize(n < small ? 5 : TEXT_BYTES / 2);
        }
        assertThat(numbers).as(job + ": every document once").hasSize(small + large);
      }
    }
  }

  private static void createIndex(CliHarness cli, String index) throws IOException {
    cli.cluster().createIndex(index, 1, "{\"properties\":{\"n\":{\"type\":\"long\"},"
        + "\"body\":{\"type\":\"text\",\"index\":false}}}");
  }

  /** Documents doc-{from} to doc-{to - 1}, numbered {@code n} with a {@code body}, ten to a bulk request, in order. */
  private static void index(CliHarness cli, String index, int from, int to, IntFunction<String> body)
      throws IOException {
    for (int first = from; first < to; first += 10) {
      List<TestCluster.Document> docs = new ArrayList<>();
      for (int n = first; n < Math.min(to, first + 10); n++) {
        docs.add(new TestCluster.Document("doc-" + n,
            CliHarness.JSON.createObjectNode().put("n", n).put("body", body.apply(n))));
      }
      cli.cluster().index(index, docs);
    }
  }

  /** Random words, so that compression cannot make the document small. */
  private static String text(Random random, int bytes) {
    StringBuilder text = new StringBuilder(bytes);
    while (text.length() < bytes) {
      int length = 2 + random.nextInt(9);
      for (int i = 0; i < length && text.length() < bytes - 1; i++) {
        text.append((char) ('a' + random.nextInt(26)));
      }
      text.append(' ');
    }
    text.setLength(bytes);
    return text.toString();
  }

  /** The archiver's command line in a JVM of its own, on the test classpath, with the heap capped. */
  private Process startArchiverProcess(CliHarness cli, String job, String heap) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path tmp = Files.createDirectories(dir.resolve("child-tmp"));
    // The collector bin/es-archiver runs with.
    List<String> command = List.of(java, heap, "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError",
        "-Djava.io.tmpdir=" + tmp,
        "-cp", classpath, "org.esarchiver.cli.Main", "--config", cli.config().toString(),
        "--jobs-dir", cli.jobsDir().toString(), "run", job);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("child.out").toFile())
        .redirectError(dir.resolve("child.err").toFile());
    builder.environment().remove("CLASSPATH");
    return builder.start();
  }
}
