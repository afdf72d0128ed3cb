package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.http.HttpHost;
import org.apache.parquet.example.data.Group;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.esarchiver.app.Archiver;
import org.esarchiver.config.ConfigLoader;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.job.IndexOutcome;
import org.esarchiver.job.ProgressListener;
import org.esarchiver.job.RunReport;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scroll context on the cluster is deleted in the middle of the read, as a node restart or an expired keep-alive
 * would do: the slices are read again from the start into fresh files, and the archive is still exact. The archive
 * goes to a local filesystem (file://), the other kind of destination users configure.
 */
class ScrollRecoveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void aLostScrollIsReadAgainFromTheStartWithoutDuplicatesOrGaps() throws Exception {
    LocalStack stack = LocalStack.shared();
    LocalDate date = LocalDate.now(ZoneOffset.UTC).minusDays(30);
    String index = "recover-" + date.format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
    List<TestCluster.Document> docs = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      docs.add(new TestCluster.Document("doc-" + i, JSON.createObjectNode().put("n", i).put("text", "row " + i)));
    }
    try (TestCluster cluster = new TestCluster(stack)) {
      cluster.createIndex(index, 2, "{\"properties\":{\"n\":{\"type\":\"long\"},\"text\":{\"type\":\"keyword\"}}}");
      cluster.index(index, docs);
    }
    Path archiveRoot = Files.createDirectories(dir.resolve("archive-fs"));
    Path config = dir.resolve("archiver.yaml");
    Files.writeString(config, """
        elasticsearch: {hosts: ["%s"]}
        hadoop: {default_fs: "%s"}
        kafka: {bootstrap_servers: "%s", audit_topic: it-recovery}
        """.formatted(stack.elasticsearchUrl(), archiveRoot.toUri(), stack.kafkaBootstrapServers()));
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(jobs.resolve("recover.yaml"), """
        indices: ["recover-*"]
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        scroll: {batch_size: 100, max_slices: 2}
        """);
    JobDefinition job = ConfigLoader.loadJob(jobs, "recover", Map.of());

    AtomicBoolean scrollsDeleted = new AtomicBoolean();
    RunReport report;
    try (RestClient es = RestClient.builder(HttpHost.create(stack.elasticsearchUrl())).build();
        Archiver archiver = Archiver.open(ConfigLoader.loadArchiverConfig(config, Map.of()), true)) {
      report = archiver.runner().run(job, false, Set.of(), new ProgressListener() {
        @Override
        public void indexStarted(String index, long totalDocuments) {}

        @Override
        public void documentsWritten(String index, long delta) {
          if (delta > 0 && scrollsDeleted.compareAndSet(false, true)) {
            try {
              es.performRequest(new Request("DELETE", "/_search/scroll/_all"));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        }

        @Override
        public void indexFinished(IndexOutcome outcome) {}
      });
    }

    assertThat(scrollsDeleted).isTrue();
    assertThat(report.outcomes()).singleElement().satisfies(outcome -> {
      assertThat(outcome.status()).isEqualTo(IndexOutcome.Status.ARCHIVED);
      assertThat(outcome.documents()).isEqualTo(3000);
    });
    Configuration conf = new Configuration();
    try (FileSystem fs = FileSystem.newInstance(archiveRoot.toUri(), conf)) {
      var partition = new org.apache.hadoop.fs.Path(archiveRoot.resolve("archive/recover/dt=" + date).toUri());
      List<Group> rows = ParquetRows.readPartition(fs, conf, partition);
      Set<Long> values = new HashSet<>();
      rows.forEach(row -> values.add(ParquetRows.longValue(row, "n")));
      assertThat(rows).hasSize(3000);
      assertThat(values).hasSize(3000);
      JsonNode manifest = JSON.readTree(fs.open(new org.apache.hadoop.fs.Path(partition, "_manifest.json")));
      assertThat(manifest.path("files").findValuesAsText("name"))
          .as("at least one slice was read a second time into a fresh file")
          .anyMatch(name -> !name.endsWith("-a1.parquet"));
    }
  }
}
