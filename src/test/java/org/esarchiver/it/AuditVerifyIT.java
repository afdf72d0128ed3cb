package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * {@code audit verify} against the real services: a job is archived and found clean, then the audit trail and the
 * archive are made to disagree the ways they can in production (an archive committed while its events went to another
 * topic, an archive directory copied to another date, an event with a wrong document count, an archive deleted by
 * hand), and each is reported under its index.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditVerifyIT {
  private static final DateTimeFormatter NAME_DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd");
  private static final String TOPIC = "it-audit-verify";
  private static final String ELSEWHERE = "it-audit-elsewhere";
  private static final String JOB = """
      indices: ["itaudit-*"]
      age: {date_pattern: yyyy.MM.dd, older_than: 3d}
      destination: /it-audit/{job}/dt={date}
      """;

  @TempDir
  static Path dir;

  private LocalStack stack;
  private CliHarness cli;
  private CliHarness elsewhere;
  private FileSystem hdfs;
  private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

  @BeforeAll
  void seed() throws Exception {
    stack = LocalStack.shared();
    cli = new CliHarness(stack, Files.createDirectories(dir.resolve("main")), TOPIC);
    elsewhere = new CliHarness(stack, Files.createDirectories(dir.resolve("elsewhere")), ELSEWHERE);
    hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration());
    for (int days : new int[] {10, 9, 8, 7}) {
      seed(index(days), 40 + days);
    }
    cli.job("audited", JOB);
    elsewhere.job("audited", JOB);
  }

  @AfterAll
  void close() throws Exception {
    hdfs.close();
    elsewhere.close();
    cli.close();
  }

  @Test
  @Order(1)
  void anArchivedJobIsClean() {
    CliHarness.Result run = cli.cli("run", "audited");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("4 archived, 0 skipped, 0 failed");

    CliHarness.Result audit = cli.cli("audit", "verify", "audited");

    assertThat(audit.code()).as(audit.out() + audit.err()).isZero();
    assertThat(audit.out()).contains("Audit of job audited: 4 archives under " + stack.hdfsUri())
        .contains("4 index.archived events of the job on " + TOPIC).endsWith("no problems\n");
    JsonNode json = cli.cli("audit", "verify", "audited", "--json").json();
    assertThat(json.path("clean").asBoolean()).isTrue();
    assertThat(json.path("archives").asInt()).isEqualTo(4);
    assertThat(json.path("archived_events").asInt()).isEqualTo(4);
    assertThat(json.path("problems")).isEmpty();
  }

  @Test
  @Order(2)
  void plantedDisagreementsAreReportedByIndex() throws Exception {
    // (a) an archive committed while the events went to another topic
    seed(index(6), 30);
    CliHarness.Result runElsewhere = elsewhere.cli("run", "audited", "--index", index(6));
    assertThat(runElsewhere.code()).as(runElsewhere.out() + runElsewhere.err()).isZero();
    // (a) an archive directory copied to a new date: same manifest, but no event names its path
    FileUtil.copy(hdfs, partition(10), hdfs, new org.apache.hadoop.fs.Path("/it-audit/audited/dt=" + today), false,
        stack.hadoopConfiguration());
    // (b) an event with a wrong document count for a real archive, sent after the real one
    JsonNode real = archivedEvent(index(9));
    ObjectNode wrong = real.deepCopy();
    ((ObjectNode) wrong.path("data")).put("documents", real.path("data").path("documents").asLong() - 1);
    wrong.put("time", Instant.now().toString());
    // an archive removed by hand: its event names a path that holds nothing
    hdfs.delete(partition(7), true);
    produce(index(9), wrong.toString());
    produce("noise", "this record is not a CloudEvent");

    CliHarness.Result audit = cli.cli("audit", "verify", "audited");

    assertThat(audit.code()).as(audit.out() + audit.err()).isEqualTo(1);
    assertThat(audit.out())
        .containsPattern(index(6) + "\\s+archive without event\\s+dt=" + today.minusDays(6) + ": archive of run "
            + "\\S+ \\(30 rows\\) has no index.archived event naming this path; the index has no index.archived event")
        .containsPattern(index(10) + "\\s+archive without event\\s+dt=" + today + ": .*its run's event names "
            + ".*/it-audit/audited/dt=" + today.minusDays(10) + " \\(a copy or a move\\?\\)")
        .containsPattern(index(9) + "\\s+count mismatch\\s+dt=" + today.minusDays(9) + ": event of run \\S+ says 48 "
            + "documents, the manifest has 49 rows")
        .containsPattern(index(7) + "\\s+event without archive\\s+dt=" + today.minusDays(7)
            + ": the index's newest index.archived event .*47 documents.* names this path: no committed archive there")
        .containsPattern("\\(\\d+ records read, 1 not CloudEvents JSON, skipped\\)")
        .endsWith("4 problems: 2 archives without event, 1 event without archive, 1 count mismatch\n");

    JsonNode json = cli.cli("audit", "verify", "audited", "--json").json();
    assertThat(json.path("clean").asBoolean()).isFalse();
    List<String> problems = new ArrayList<>();
    json.path("problems").forEach(p -> problems.add(p.path("index").asText() + " " + p.path("problem").asText()));
    assertThat(problems).containsExactly(index(10) + " archive_without_event", index(9) + " count_mismatch",
        index(7) + " event_without_archive", index(6) + " archive_without_event");
    assertThat(json.path("summary").path("archive_without_event").asInt()).isEqualTo(2);
  }

  @Test
  @Order(3)
  void theConnectionsFileMayFollowTheCommandAndUsageErrorsExitWithTwo() throws Exception {
    CliHarness.Result other = cli.cli("audit", "verify", "audited", "--json", "--config",
        elsewhere.config().toString());
    assertThat(other.code()).as(other.err()).isEqualTo(1);
    assertThat(other.json().path("topic").asText()).isEqualTo(ELSEWHERE);

    Path noTopic = dir.resolve("no-topic.yaml");
    Files.writeString(noTopic, Files.readString(cli.config()).replace(TOPIC, "it-audit-never-written"));
    for (int attempt = 1; attempt <= 2; attempt++) {
      CliHarness.Result missing = cli.cli("audit", "verify", "audited", "--config", noTopic.toString());
      assertThat(missing.code()).as(missing.out() + missing.err()).isEqualTo(1);
      assertThat(missing.out()).as("the audit creates no topic")
          .contains("the topic it-audit-never-written does not exist, so there are no events")
          .contains("5 problems: 5 archives without event");
    }

    CliHarness.Result unknownJob = cli.cli("audit", "verify", "no-such-job");
    assertThat(unknownJob.code()).isEqualTo(2);
    assertThat(unknownJob.err()).contains("unknown job 'no-such-job'");
    assertThat(cli.cli("audit").code()).isEqualTo(2);
    assertThat(cli.cli("audit", "verify").code()).isEqualTo(2);
  }

  private JsonNode archivedEvent(String index) {
    return cli.events().stream()
        .filter(e -> e.path("type").asText().equals("org.esarchiver.index.archived"))
        .filter(e -> e.path("subject").asText().equals(index))
        .findFirst().orElseThrow(() -> new AssertionError("no archived event of " + index));
  }

  private void produce(String key, String value) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(TOPIC, key, value.getBytes(StandardCharsets.UTF_8))).get();
    }
  }

  private void seed(String index, int documents) throws Exception {
    cli.cluster().createIndex(index, 1, "{\"properties\": {\"n\": {\"type\": \"long\"}, \"msg\": {\"type\": \"keyword\"}}}");
    List<TestCluster.Document> docs = new ArrayList<>();
    for (int i = 0; i < documents; i++) {
      docs.add(new TestCluster.Document(index + "-" + i,
          TestCluster.json("{\"n\": " + i + ", \"msg\": \"line " + i + "\"}")));
    }
    cli.cluster().index(index, docs);
  }

  private String index(int daysAgo) {
    return "itaudit-" + today.minusDays(daysAgo).format(NAME_DATE);
  }

  private org.apache.hadoop.fs.Path partition(int daysAgo) {
    return new org.apache.hadoop.fs.Path("/it-audit/audited/dt=" + today.minusDays(daysAgo));
  }
}
