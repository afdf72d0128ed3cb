package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.esarchiver.sink.JobSchema;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each selection rule against the real services: the plan names what each rule selects and skips, and a run archives
 * exactly the selected indices to HDFS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelectionIT {
  private static final DateTimeFormatter NAME_DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd");
  private static final String MAPPING =
      "{\"properties\":{\"@timestamp\":{\"type\":\"date\"},\"n\":{\"type\":\"long\"}}}";

  @TempDir
  static Path dir;

  private CliHarness cli;
  private FileSystem hdfs;
  private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
  private Instant createdFirst;
  private Instant createdSecond;

  @BeforeAll
  void seed() throws Exception {
    LocalStack stack = LocalStack.shared();
    cli = new CliHarness(stack, dir, "it-selection");
    hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration());
    createdFirst = created(seed("itsel-cd-first", Instant.now()));

    seed("itsel-tz-" + daysAgo(2), Instant.now());
    for (String name : List.of("app", "app-debug", "app-test-7")) {
      seed("itsel-ex-" + name + "-" + daysAgo(10), Instant.now());
    }
    for (int days = 10; days >= 6; days--) {
      seed("itsel-keep-" + daysAgo(days), Instant.now());
    }
    seed("itsel-max-old", Instant.now().minus(Duration.ofDays(10)));
    seed("itsel-max-new", Instant.now().minus(Duration.ofHours(1)));
    cli.cluster().createIndex("itsel-max-odd", 1, "{\"properties\":{\"@timestamp\":{\"type\":\"keyword\"}}}");
    cli.cluster().index("itsel-max-odd", List.of(new TestCluster.Document("1",
        TestCluster.json("{\"@timestamp\": \"yesterday\"}"))));
    seedDataStream();
    seed("itsel-al-" + daysAgo(9), Instant.now());
    seed("itsel-al-" + daysAgo(8), Instant.now());
    cli.es("POST", "/_aliases", """
        {"actions": [{"add": {"index": "itsel-al-%s", "alias": "itsel-alias"}},
                     {"add": {"index": "itsel-al-%s", "alias": "itsel-alias", "is_write_index": true}}]}
        """.formatted(daysAgo(9), daysAgo(8)));
    seed("itsel-misc-closed-" + daysAgo(9), Instant.now());
    cli.es("POST", "/itsel-misc-closed-" + daysAgo(9) + "/_close", null);
    cli.cluster().createIndex("itsel-misc-empty-" + daysAgo(9), 1, MAPPING);
    cli.es("PUT", "/.itsel-misc-hidden-" + daysAgo(9),
        "{\"settings\":{\"index.hidden\":true,\"number_of_replicas\":0}}");
    seed("itsel-misc-undated", Instant.now());

    long gap = Duration.between(createdFirst, Instant.now()).toMillis();
    Thread.sleep(Math.max(0, 8_000 - gap));
    createdSecond = created(seed("itsel-cd-second", Instant.now()));
  }

  @AfterAll
  void close() throws Exception {
    hdfs.close();
    cli.close();
  }

  @Test
  void nameDateIsReadInTheRuleTimeZone() {
    // Dated two days ago: 00:00 in UTC+14 is 14 h before 00:00 UTC. older_than falls between the two ages.
    long minutesToday = Duration.between(today.atStartOfDay(ZoneOffset.UTC).toInstant(), Instant.now()).toMinutes();
    String olderThan = (2 * 24 * 60 + minutesToday + 7 * 60) + "m";
    for (String zone : List.of("UTC", "Pacific/Kiritimati")) {
      cli.job("sel-tz-" + zone.replace('/', '-'), """
          indices: ["itsel-tz-*"]
          age: {date_pattern: yyyy.MM.dd, time_zone: %s, older_than: %s}
          destination: /it-selection/{job}/{index}
          """.formatted(zone, olderThan));
    }
    String index = "itsel-tz-" + daysAgo(2);

    JsonNode utc = CliHarness.entry(plan("sel-tz-UTC"), index);
    JsonNode kiritimati = CliHarness.entry(plan("sel-tz-Pacific-Kiritimati"), index);

    assertThat(utc.path("action").asText()).as(utc.toString()).isEqualTo("skip");
    assertThat(utc.path("reason").asText()).contains("not older than");
    assertThat(kiritimati.path("action").asText()).as(kiritimati.toString()).isEqualTo("archive");
    assertThat(kiritimati.path("rule").asText()).isEqualTo("name date yyyy.MM.dd");
    assertThat(kiritimati.path("docs").asLong()).isEqualTo(3);
    assertThat(kiritimati.path("store_bytes").asLong()).isPositive();
    assertThat(kiritimati.path("archived").asBoolean()).isFalse();

    assertRunArchivesExactly("sel-tz-Pacific-Kiritimati", index);
    assertThat(CliHarness.entry(plan("sel-tz-Pacific-Kiritimati"), index).path("archived").asBoolean()).isTrue();
  }

  @Test
  void includesAndExcludesByWildcardAndRegularExpression() {
    cli.job("sel-excludes", """
        indices: ["/^itsel-ex-/"]
        exclude: ["*-debug-*", "/-test-[0-9]+-/"]
        age: {date_pattern: yyyy.MM.dd, older_than: 3d}
        destination: /it-selection/{job}/{index}
        """);

    JsonNode plan = plan("sel-excludes");

    assertThat(plan.path("indices")).hasSize(3);
    assertThat(CliHarness.entry(plan, "itsel-ex-app-debug-" + daysAgo(10)).path("rule").asText())
        .isEqualTo("exclude *-debug-*");
    assertThat(CliHarness.entry(plan, "itsel-ex-app-test-7-" + daysAgo(10)).path("reason").asText())
        .isEqualTo("excluded by /-test-[0-9]+-/");
    assertRunArchivesExactly("sel-excludes", "itsel-ex-app-" + daysAgo(10));
  }

  @Test
  void keepsTheNewestIndices() {
    cli.job("sel-keep", """
        indices: ["itsel-keep-*"]
        keep_newest: 2
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        destination: /it-selection/{job}/{index}
        """);

    JsonNode plan = plan("sel-keep");

    assertThat(CliHarness.entry(plan, "itsel-keep-" + daysAgo(6)).path("rule").asText()).isEqualTo("keep newest 2");
    assertThat(CliHarness.entry(plan, "itsel-keep-" + daysAgo(7)).path("action").asText()).isEqualTo("skip");
    assertRunArchivesExactly("sel-keep", "itsel-keep-" + daysAgo(10), "itsel-keep-" + daysAgo(9),
        "itsel-keep-" + daysAgo(8));
  }

  @Test
  void datesByCreationDate() {
    long ageFirst = Duration.between(createdFirst, Instant.now()).toMillis();
    long ageSecond = Duration.between(createdSecond, Instant.now()).toMillis();
    cli.job("sel-created", """
        indices: ["itsel-cd-*"]
        age: {source: creation_date, older_than: %dms}
        destination: /it-selection/{job}/{index}
        """.formatted((ageFirst + ageSecond) / 2));

    JsonNode plan = plan("sel-created");

    assertThat(CliHarness.entry(plan, "itsel-cd-first").path("rule").asText()).isEqualTo("creation date");
    assertThat(CliHarness.entry(plan, "itsel-cd-first").path("date").asText()).isEqualTo(today.toString());
    assertThat(CliHarness.entry(plan, "itsel-cd-second").path("action").asText()).isEqualTo("skip");
    assertRunArchivesExactly("sel-created", "itsel-cd-first");
  }

  @Test
  void datesByTheNewestValueOfAField() {
    cli.job("sel-newest", """
        indices: ["itsel-max-*"]
        age: {source: field, field: "@timestamp", older_than: 3d}
        destination: /it-selection/{job}/{index}
        """);

    JsonNode plan = plan("sel-newest");

    assertThat(CliHarness.entry(plan, "itsel-max-old").path("rule").asText()).isEqualTo("newest @timestamp");
    assertThat(CliHarness.entry(plan, "itsel-max-new").path("reason").asText()).contains("not older than 3d");
    assertThat(CliHarness.entry(plan, "itsel-max-odd").path("reason").asText())
        .as("one odd index is reported, and the job goes on").startsWith("cannot be evaluated: ")
        .contains("[@timestamp] of type [keyword] is not supported");
    assertRunArchivesExactly("sel-newest", "itsel-max-old");
  }

  @Test
  void archivesTheBackingIndicesOfADataStreamButNeverItsWriteIndex() {
    cli.job("sel-stream", """
        indices: ["itsel-ds-app"]
        age: {source: field, field: "@timestamp", older_than: 1d}
        destination: /it-selection/{job}/{index}
        """);
    List<String> backing = new ArrayList<>();
    cli.es("GET", "/_resolve/index/itsel-ds-app", null).path("data_streams").path(0).path("backing_indices")
        .forEach(name -> backing.add(name.asText()));
    assertThat(backing).hasSize(3);

    JsonNode plan = plan("sel-stream");

    JsonNode write = CliHarness.entry(plan, backing.get(2));
    assertThat(write.path("rule").asText()).isEqualTo("write index");
    assertThat(write.path("reason").asText()).contains("data stream itsel-ds-app");
    assertThat(CliHarness.entry(plan, backing.get(0)).path("data_stream").asText()).isEqualTo("itsel-ds-app");
    assertRunArchivesExactly("sel-stream", backing.get(0), backing.get(1));
  }

  @Test
  void anAliasStandsForItsIndicesButNeverItsWriteIndex() {
    cli.job("sel-alias", """
        indices: ["itsel-alias"]
        age: {date_pattern: yyyy.MM.dd, older_than: 3d}
        destination: /it-selection/{job}/{index}
        """);

    JsonNode plan = plan("sel-alias");

    assertThat(CliHarness.entry(plan, "itsel-al-" + daysAgo(8)).path("reason").asText())
        .contains("write index of alias itsel-alias");
    assertRunArchivesExactly("sel-alias", "itsel-al-" + daysAgo(9));
  }

  @Test
  void closedEmptyHiddenAndUndatedIndicesAreSkippedWithTheirReasons() {
    cli.job("sel-misc", """
        indices: ["/itsel-misc-/"]
        age: {date_pattern: yyyy.MM.dd, older_than: 3d}
        destination: /it-selection/{job}/{index}
        """);

    JsonNode plan = plan("sel-misc");

    assertThat(CliHarness.entry(plan, "itsel-misc-closed-" + daysAgo(9)).path("rule").asText()).isEqualTo("closed");
    assertThat(CliHarness.entry(plan, "itsel-misc-closed-" + daysAgo(9)).path("status").asText()).isEqualTo("closed");
    assertThat(CliHarness.entry(plan, "itsel-misc-empty-" + daysAgo(9)).path("rule").asText()).isEqualTo("empty");
    assertThat(CliHarness.entry(plan, ".itsel-misc-hidden-" + daysAgo(9)).path("rule").asText())
        .isEqualTo("hidden index");
    assertThat(CliHarness.entry(plan, "itsel-misc-undated").path("reason").asText())
        .isEqualTo("no date matching yyyy.MM.dd in its name");
    assertThat(plan.path("summary").path("to_archive").asInt()).isZero();

    CliHarness.Result text = cli.cli("plan", "sel-misc");
    assertThat(text.out()).containsPattern("itsel-misc-closed-\\S+\\s+" + today.minusDays(9)
        + "\\s+-\\s+-\\s+no\\s+skip\\s+closed");

    // Asked for, a closed index is opened to be read, archived, and closed again.
    cli.job("sel-misc-closed", """
        indices: ["itsel-misc-closed-*"]
        include_closed: true
        age: {date_pattern: yyyy.MM.dd, older_than: 3d}
        destination: /it-selection/{job}/{index}
        """);
    assertRunArchivesExactly("sel-misc-closed", "itsel-misc-closed-" + daysAgo(9));
    assertThat(cli.status("itsel-misc-closed-" + daysAgo(9))).isEqualTo("close");
  }

  private void assertRunArchivesExactly(String job, String... indices) {
    CliHarness.Result run = cli.cli("run", job);
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains(indices.length + " archived, 0 skipped, 0 failed");
    try {
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path("/it-selection/" + job);
      List<String> archived = new ArrayList<>();
      for (var status : hdfs.listStatus(root, path -> !path.getName().equals(JobSchema.FILE_NAME))) {
        assertThat(hdfs.exists(new org.apache.hadoop.fs.Path(status.getPath(), "_SUCCESS"))).isTrue();
        archived.add(status.getPath().getName());
      }
      assertThat(archived).containsExactlyInAnyOrder(indices);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private JsonNode plan(String job) {
    CliHarness.Result plan = cli.cli("plan", job, "--json");
    assertThat(plan.code()).as(plan.err()).isZero();
    return plan.json();
  }

  private String daysAgo(int days) {
    return today.minusDays(days).format(NAME_DATE);
  }

  /** Creates the index with three documents whose newest @timestamp is {@code newest}. */
  private String seed(String index, Instant newest) throws Exception {
    cli.cluster().createIndex(index, 1, MAPPING);
    cli.cluster().index(index, documents(index, newest));
    return index;
  }

  private static List<TestCluster.Document> documents(String prefix, Instant newest) {
    List<TestCluster.Document> docs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ObjectNode source = CliHarness.JSON.createObjectNode()
          .put("@timestamp", newest.minus(Duration.ofMinutes(i)).toString()).put("n", i);
      docs.add(new TestCluster.Document(prefix + "-" + i, source));
    }
    return docs;
  }

  private Instant created(String index) {
    return Instant.ofEpochMilli(cli.es("GET", "/_cat/indices/" + index + "?format=json&h=creation.date", null)
        .path(0).path("creation.date").asLong());
  }

  private void seedDataStream() throws Exception {
    cli.es("PUT", "/_index_template/itsel-ds", """
        {"index_patterns": ["itsel-ds-*"], "data_stream": {}, "priority": 500,
         "template": {"settings": {"number_of_replicas": 0}, "mappings": %s}}""".formatted(MAPPING));
    Instant old = Instant.now().minus(Duration.ofDays(5));
    for (int generation = 0; generation < 3; generation++) {
      if (generation > 0) {
        cli.es("POST", "/itsel-ds-app/_rollover", null);
      }
      StringBuilder bulk = new StringBuilder();
      for (TestCluster.Document doc : documents("gen" + generation, old)) {
        bulk.append("{\"create\":{}}\n").append(doc.source()).append('\n');
      }
      cli.es("POST", "/itsel-ds-app/_bulk?refresh=true", bulk.toString());
    }
  }
}
