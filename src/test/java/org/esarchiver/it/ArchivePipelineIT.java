package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.parquet.example.data.Group;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path against real services: Elasticsearch (a separate process), Kafka (KRaft) and HDFS (MiniDFSCluster),
 * driven through the CLI entry point exactly as a user runs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArchivePipelineIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter INDEX_DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd");
  private static final String TOPIC = "it-audit";
  private static final String MAPPING = """
      {"properties": {
        "@timestamp": {"type": "date"},
        "status": {"type": "integer"},
        "bytes": {"type": "long"},
        "latency": {"type": "double"},
        "cached": {"type": "boolean"},
        "message": {"type": "text", "fields": {"raw": {"type": "keyword"}}},
        "user-agent": {"type": "keyword"},
        "tags": {"type": "keyword"},
        "host": {"properties": {"name": {"type": "keyword"}, "ip": {"type": "ip"}}}
      }}""";

  @TempDir
  static Path dir;

  private LocalStack stack;
  private TestCluster cluster;
  private FileSystem hdfs;
  private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
  private final Map<String, Map<String, JsonNode>> seeded = new LinkedHashMap<>();
  private CliHarness harness;
  private Path jobs;

  @BeforeAll
  void seed() throws Exception {
    stack = LocalStack.shared();
    harness = new CliHarness(stack, dir, TOPIC);
    cluster = harness.cluster();
    hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration());
    seedIndex(indexName(10), 2, 1500);
    seedIndex(indexName(5), 2, 2200);
    seedIndex(indexName(1), 1, 300);
    seedIndex(indexName(0), 1, 100);

    jobs = harness.jobsDir();
    Files.writeString(jobs.resolve("weblogs.yaml"), """
        indices: ["itlogs-*"]
        age:
          date_pattern: yyyy.MM.dd
          older_than: 3d
        array_fields: [tags]
        scroll:
          batch_size: 250
          max_slices: 4
        """);
  }

  @AfterAll
  void close() throws Exception {
    hdfs.close();
    harness.close();
  }

  @Test
  @Order(1)
  void planListsTheAgedIndicesAndWhyTheOthersAreSkipped() {
    CliHarness.Result plan = cli("plan", "weblogs");

    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.out()).containsPattern(indexName(10) + ".*archive.*older than 3d")
        .containsPattern(indexName(5) + ".*archive")
        .containsPattern(indexName(1) + ".*skip.*not older than 3d")
        .contains("2 to archive, 0 already archived, 2 not due");

    CliHarness.Result dryRun = cli("run", "weblogs", "--dry-run");
    assertThat(dryRun.code()).as(dryRun.err()).isZero();
    assertThat(dryRun.out()).containsPattern(indexName(10) + "\\s+would archive")
        .contains("dry run: job weblogs").contains("2 would be archived");
  }

  @Test
  @Order(2)
  void runArchivesExactlyTheAgedIndicesWithEveryDocumentAndAnnouncesThem() throws Exception {
    CliHarness.Result run = cli("run", "weblogs");

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).containsPattern(indexName(10) + "\\s+archived\\s+1,500")
        .containsPattern(indexName(5) + "\\s+archived\\s+2,200")
        .contains("2 archived, 0 skipped, 0 failed");

    for (int age : new int[] {10, 5}) {
      String index = indexName(age);
      var partition = partitionOf(age);
      assertThat(hdfs.exists(new org.apache.hadoop.fs.Path(partition, "_SUCCESS"))).isTrue();
      JsonNode manifest = JSON.readTree(hdfs.open(new org.apache.hadoop.fs.Path(partition, "_manifest.json")));
      assertThat(manifest.path("index").asText()).isEqualTo(index);
      assertThat(manifest.path("rows").asLong()).isEqualTo(seeded.get(index).size());
      assertThat(manifest.path("document_count").asLong()).isEqualTo(seeded.get(index).size());
      assertThat(manifest.path("slices").asInt()).as("one slice per primary shard")
          .isEqualTo(2);
      assertThat(manifest.path("files")).as("each slice writes one file while it stays below the file size")
          .hasSize(manifest.path("slices").asInt());
      assertThat(manifest.path("mapping").path("properties").has("@timestamp")).isTrue();

      List<Group> rows = ParquetRows.readPartition(hdfs, stack.hadoopConfiguration(), partition);
      assertThat(rows).hasSize(seeded.get(index).size());
      Map<String, Group> byId = rows.stream()
          .collect(Collectors.toMap(r -> ParquetRows.string(r, "_id"), Function.identity()));
      assertThat(byId).as("every _id exactly once").hasSize(rows.size());
      assertThat(byId.keySet()).isEqualTo(seeded.get(index).keySet());
      for (Map.Entry<String, JsonNode> doc : seeded.get(index).entrySet()) {
        assertRowEqualsSource(byId.get(doc.getKey()), doc.getValue(), index);
      }
    }
    assertThat(hdfs.exists(partitionOf(1))).isFalse();
    assertThat(hdfs.listStatus(partitionOf(10))).extracting(f -> f.getPath().getName())
        .as("only data files, manifest and marker; no staging or checksum debris")
        .containsAll(List.of("part-s000-a1.parquet", "part-s001-a1.parquet", "_manifest.json", "_SUCCESS"))
        .allMatch(name -> name.matches("part-s\\d{3}-a1\\.parquet|_manifest\\.json|_SUCCESS"));
    assertThat(hdfs.exists(partitionOf(0))).isFalse();
    assertThat(hdfs.listStatus(new org.apache.hadoop.fs.Path("/archive/weblogs")))
        .extracting(s -> s.getPath().getName())
        .containsExactlyInAnyOrder("dt=" + today.minusDays(10), "dt=" + today.minusDays(5), "_schema.json");

    CliHarness.Result history = cli("history", "weblogs", "--json");
    assertThat(history.code()).as(history.err()).isZero();
    JsonNode runs = JSON.readTree(history.out()).path("runs");
    assertThat(runs).as("the run is kept in the history").hasSize(1);
    assertThat(runs.get(0).path("run").path("status").asText()).isEqualTo("ok");
    assertThat(runs.get(0).path("indices")).extracting(i -> i.path("index").asText() + " "
        + i.path("status").asText() + " " + i.path("documents").asLong())
        .containsExactlyInAnyOrder(indexName(10) + " archived 1500", indexName(5) + " archived 2200");

    List<JsonNode> runEvents = events("org.esarchiver.run.finished");
    assertThat(runEvents).hasSize(1);
    assertThat(runEvents.get(0).path("data").path("archived").asLong()).isEqualTo(2);
    assertThat(runEvents.get(0).path("data").path("documents").asLong()).isEqualTo(3700);

    List<JsonNode> archived = events("org.esarchiver.index.archived");
    assertThat(archived).extracting(e -> e.path("subject").asText())
        .containsExactlyInAnyOrder(indexName(10), indexName(5));
    for (JsonNode event : archived) {
      String index = event.path("subject").asText();
      assertThat(event.path("specversion").asText()).isEqualTo("1.0");
      assertThat(event.path("data").path("documents").asLong()).isEqualTo(seeded.get(index).size());
      assertThat(event.path("data").path("job").asText()).isEqualTo("weblogs");
      assertThat(event.path("data").path("manifest_path").asText()).endsWith("/_manifest.json");
    }
  }

  @Test
  @Order(3)
  void aSecondRunArchivesNothingAndReportsTheSkips() throws Exception {
    CliHarness.Result again = cli("run", "weblogs");

    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).containsPattern(indexName(10) + "\\s+skipped.*already archived")
        .contains("0 archived, 2 skipped, 0 failed");
    assertThat(events("org.esarchiver.index.archived")).hasSize(2);
    assertThat(events("org.esarchiver.index.skipped")).extracting(e -> e.path("subject").asText())
        .containsExactlyInAnyOrder(indexName(10), indexName(5));
    assertThat(cli("plan", "weblogs").out()).contains("0 to archive, 2 already archived, 2 not due");
  }

  @Test
  @Order(4)
  void anIndexThatCannotBeArchivedFailsAloneAndCommitsNothing() throws Exception {
    String index = "itstrict-" + today.minusDays(9).format(INDEX_DATE);
    cluster.createIndex(index, 1, "{\"properties\": {\"n\": {\"type\": \"long\"}}}");
    cluster.index(index, List.of(new TestCluster.Document("only", TestCluster.json("{\"n\": 1}"))));
    var partition = new org.apache.hadoop.fs.Path("/archive/strict/dt=" + today.minusDays(9));
    hdfs.mkdirs(partition);
    hdfs.create(new org.apache.hadoop.fs.Path(partition, "written-by-someone-else.csv")).close();
    Files.writeString(jobs.resolve("strict.yaml"), """
        indices: ["itstrict-*"]
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        """);

    CliHarness.Result run = cli("run", "strict");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).containsPattern(index + "\\s+failed").contains("holds no _manifest.json");
    assertThat(hdfs.listStatus(partition)).extracting(f -> f.getPath().getName())
        .as("the foreign directory is left as it was").containsExactly("written-by-someone-else.csv");
    assertThat(hdfs.listStatus(partition.getParent())).extracting(f -> f.getPath().getName())
        .as("no staging left behind").containsExactly(partition.getName());
    assertThat(events("org.esarchiver.index.failed")).extracting(e -> e.path("subject").asText()).containsExactly(index);
  }

  @Test
  @Order(5)
  void aConfigurationErrorExitsWithTwoAndNamesTheKey() throws Exception {
    Files.writeString(jobs.resolve("broken.yaml"), """
        indices: ["itlogs-*"]
        age: {date_pattern: yyyy.MM.dd, older_than: 3d}
        scroll: {bach_size: 500}
        """);

    CliHarness.Result run = cli("run", "broken");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("broken.yaml").contains("scroll.bach_size").doesNotContain("\tat ");
    assertThat(cli("run", "no-such-job").code()).isEqualTo(2);
    assertThat(cli("frobnicate").code()).isEqualTo(2);
  }

  private void assertRowEqualsSource(Group row, JsonNode source, String index) {
    assertThat(ParquetRows.string(row, "_index")).isEqualTo(index);
    assertThat(ParquetRows.longValue(row, "@timestamp"))
        .isEqualTo(Instant.parse(source.path("@timestamp").asText()).toEpochMilli());
    assertThat(ParquetRows.intValue(row, "status")).isEqualTo(source.path("status").asInt());
    assertThat(ParquetRows.longValue(row, "bytes")).isEqualTo(source.path("bytes").asLong());
    assertThat(ParquetRows.doubleValue(row, "latency")).isEqualTo(source.path("latency").asDouble());
    assertThat(ParquetRows.booleanValue(row, "cached")).isEqualTo(source.path("cached").asBoolean());
    assertThat(ParquetRows.string(row, "message")).isEqualTo(source.path("message").asText());
    assertThat(ParquetRows.string(row, "user-agent")).isEqualTo(
        source.has("user-agent") ? source.path("user-agent").asText() : null);
    List<String> tags = new ArrayList<>();
    source.path("tags").forEach(t -> tags.add(t.asText()));
    if (source.path("tags").isTextual()) {
      tags.add(source.path("tags").asText());
    }
    assertThat(ParquetRows.stringList(row, "tags")).isEqualTo(source.has("tags") ? tags : null);
    Group host = ParquetRows.group(row, "host");
    assertThat(ParquetRows.string(host, "name")).isEqualTo(source.path("host").path("name").asText());
    assertThat(ParquetRows.string(host, "ip")).isEqualTo(source.path("host").path("ip").asText());
  }

  private void seedIndex(String index, int shards, int documents) throws Exception {
    cluster.createIndex(index, shards, MAPPING);
    Random random = new Random(index.hashCode());
    Map<String, JsonNode> sources = new LinkedHashMap<>();
    List<TestCluster.Document> docs = new ArrayList<>();
    String[] agents = {"Mozilla/5.0 (X11; Linux x86_64)", "curl/8.5.0", "Googlebot/2.1"};
    for (int i = 0; i < documents; i++) {
      ObjectNode source = JSON.createObjectNode()
          .put("@timestamp", Instant.parse(index.substring(index.indexOf('-') + 1).replace('.', '-') + "T00:00:00Z")
              .plusMillis(random.nextInt(86_400_000)).toString())
          .put("status", new int[] {200, 200, 200, 301, 404, 500}[random.nextInt(6)])
          .put("bytes", (long) random.nextInt(5_000_000) + (i % 7 == 0 ? 5_000_000_000L : 0))
          .put("latency", Math.round(random.nextDouble() * 100_000) / 100.0)
          .put("cached", random.nextBoolean())
          .put("message", "GET /item/" + random.nextInt(10_000) + " \"quoted\" ünïcödé " + i);
      if (i % 5 != 0) {
        source.put("user-agent", agents[random.nextInt(agents.length)]);
      }
      switch (i % 3) {
        case 0 -> source.putArray("tags").add("web").add("edge-" + random.nextInt(3));
        case 1 -> source.put("tags", "single");
        default -> { }
      }
      source.putObject("host").put("name", "web-" + random.nextInt(4)).put("ip", "10.0.0." + random.nextInt(255));
      String id = index + "-" + i;
      sources.put(id, source);
      docs.add(new TestCluster.Document(id, source));
    }
    cluster.index(index, docs);
    seeded.put(index, sources);
  }

  private String indexName(int daysAgo) {
    return "itlogs-" + today.minusDays(daysAgo).format(INDEX_DATE);
  }

  private org.apache.hadoop.fs.Path partitionOf(int daysAgo) {
    return new org.apache.hadoop.fs.Path("/archive/weblogs/dt=" + today.minusDays(daysAgo));
  }

  private List<JsonNode> events(String type) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (ConsumerRecord<String, String> record : cluster.readTopic(TOPIC)) {
      JsonNode event = JSON.readTree(record.value());
      assertThat(record.key()).isEqualTo(event.path("subject").asText());
      if (event.path("type").asText().equals(type)) {
        events.add(event);
      }
    }
    return events;
  }

  private CliHarness.Result cli(String... args) {
    return harness.cli(args);
  }
}
