package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job with {@code scroll.api: point_in_time} reads an index of two shards with points in time and search_after,
 * page by page, in one slice per shard: every document is archived exactly once and verified.
 */
class PointInTimeReadIT {
  private static final int DOCUMENTS = 2_345;

  @TempDir
  Path dir;

  @Test
  void aPointInTimeReadArchivesEveryDocumentOnce() throws Exception {
    LocalStack stack = LocalStack.shared();
    LocalDate date = LocalDate.now(ZoneOffset.UTC).minusDays(15);
    String index = "itpit-" + date.format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
    try (CliHarness cli = new CliHarness(stack, dir, "it-pit");
        FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
      cli.cluster().createIndex(index, 2,
          "{\"properties\":{\"n\":{\"type\":\"long\"},\"text\":{\"type\":\"keyword\"}}}");
      List<TestCluster.Document> docs = new ArrayList<>();
      for (int i = 0; i < DOCUMENTS; i++) {
        docs.add(new TestCluster.Document("doc-" + i,
            CliHarness.JSON.createObjectNode().put("n", i).put("text", "line " + i)));
      }
      cli.cluster().index(index, docs);
      cli.job("pit", """
          indices: ["itpit-*"]
          age: {date_pattern: yyyy.MM.dd, older_than: 1d}
          destination: /it-pit/{job}/dt={date}
          scroll: {api: point_in_time, batch_size: 100, max_slices: 2}
          """);

      CliHarness.Result run = cli.cli("run", "pit");

      assertThat(run.code()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).containsPattern(index + "\\s+archived\\s+2,345");
      org.apache.hadoop.fs.Path partition = new org.apache.hadoop.fs.Path("/it-pit/pit/dt=" + date);
      JsonNode manifest = CliHarness.JSON.readTree(hdfs.open(new org.apache.hadoop.fs.Path(partition,
          "_manifest.json")));
      assertThat(manifest.path("slices").asInt()).isEqualTo(2);
      assertThat(manifest.path("rows").asLong()).isEqualTo(DOCUMENTS);
      List<Group> rows = ParquetRows.readPartition(hdfs, stack.hadoopConfiguration(), partition);
      Set<Long> numbers = new HashSet<>();
      rows.forEach(row -> numbers.add(ParquetRows.longValue(row, "n")));
      assertThat(rows).hasSize(DOCUMENTS);
      assertThat(numbers).as("every document exactly once").hasSize(DOCUMENTS);
    }
  }
}
