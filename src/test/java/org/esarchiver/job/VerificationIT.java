package org.esarchiver.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.http.HttpHost;
import org.apache.http.util.EntityUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.esarchiver.app.Archiver;
import org.esarchiver.config.ArchiverConfig;
import org.esarchiver.config.ConfigLoader;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.sink.JobSchema;
import org.esarchiver.sink.StagedArchive;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged files are damaged between write and verify, through the archiver's own test seam (no mock: the real read,
 * write and verification run against Elasticsearch and HDFS). Verification refuses to commit, and the job's delete
 * action only ever removes an index whose archive was verified.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerificationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "it-verification";

  @TempDir
  static Path dir;

  private LocalStack stack;
  private RestClient es;
  private FileSystem hdfs;
  private ArchiverConfig config;
  private Path jobs;
  private final String date =
      LocalDate.now(ZoneOffset.UTC).minusDays(20).format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));

  @BeforeAll
  void start() throws Exception {
    stack = LocalStack.shared();
    es = RestClient.builder(HttpHost.create(stack.elasticsearchUrl())).build();
    hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration());
    Path configFile = dir.resolve("archiver.yaml");
    Files.writeString(configFile, """
        elasticsearch: {hosts: ["%s"]}
        hadoop: {default_fs: "%s", properties: {dfs.replication: "1"}}
        kafka: {bootstrap_servers: "%s", audit_topic: %s}
        state_dir: %s
        """.formatted(stack.elasticsearchUrl(), stack.hdfsUri(), stack.kafkaBootstrapServers(), TOPIC,
        dir.resolve("state")));
    config = ConfigLoader.loadArchiverConfig(configFile, Map.of());
    jobs = Files.createDirectories(dir.resolve("jobs"));
  }

  @AfterAll
  void close() throws IOException {
    hdfs.close();
    es.close();
  }

  @Test
  void anIdThatChangedWithEveryCountIntactIsCaughtByTheChecksum() throws Exception {
    String index = "itverify-id-" + date;
    seed(index, 400);
    JobDefinition job = job("verify-id", "itverify-id-*", "none");

    RunReport report = run(job, staged -> rewrite(staged, records -> {
      // the second row takes the first row's _id: same number of rows everywhere, one document lost, one twice
      records.get(1).put("_id", records.get(0).get("_id").toString());
      return records;
    }));

    IndexOutcome outcome = report.outcomes().get(0);
    assertThat(outcome.status()).isEqualTo(IndexOutcome.Status.FAILED);
    assertThat(outcome.problem()).get().asString().contains("verification failed, nothing was committed")
        .contains("the _id checksum of the files").doesNotContain("rows written");
    assertNothingCommitted("verify-id");
    assertThat(setting(index, "index.blocks.write")).as("the write block was never set before: removed").isNull();
  }

  @Test
  void droppedRowsAreNeverCommittedAndDeleteOnlyRemovesVerifiedIndices() throws Exception {
    String good = "itverify-del-a-" + date;
    String damaged = "itverify-del-b-" + date;
    seed(good, 300);
    seed(damaged, 300);
    put("/" + damaged + "/_settings", "{\"index.blocks.write\": false}");
    JobDefinition job = job("verify-del", "itverify-del-*", "delete");

    RunReport report = run(job, staged -> {
      if (staged.directory().getName().contains(damaged)) {
        rewrite(staged, records -> records.subList(0, records.size() - 7));
      }
    });

    assertThat(report.outcomes()).extracting(IndexOutcome::index, IndexOutcome::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple(good, IndexOutcome.Status.ARCHIVED),
        org.assertj.core.groups.Tuple.tuple(damaged, IndexOutcome.Status.FAILED));
    assertThat(report.outcomes().get(0).note()).contains("deleted");
    assertThat(report.outcomes().get(1).problem()).get().asString()
        .contains("verification failed, nothing was committed")
        .contains("300 rows written, its footer declares 293 and 293 _ids were read back from it")
        .contains("the files hold 293 rows, the index 300 documents");

    assertThat(exists(good)).as("verified, announced, then deleted").isFalse();
    assertThat(exists(damaged)).as("an index whose verification failed is never deleted").isTrue();
    assertThat(setting(damaged, "index.blocks.write")).as("its previous setting is restored").isEqualTo("false");
    assertThat(hdfs.exists(new org.apache.hadoop.fs.Path("/it-verify/verify-del/" + good + "/_SUCCESS"))).isTrue();
    assertThat(names("/it-verify/verify-del")).as("no staging left behind").containsExactly(good);

    List<String> stream = new ArrayList<>();
    for (JsonNode event : events()) {
      if (event.path("source").asText().endsWith("/verify-del") && event.path("type").asText().contains(".index.")) {
        stream.add(event.path("type").asText().replace("org.esarchiver.index.", "") + " " + event.path("subject")
            .asText());
      }
    }
    assertThat(stream).containsExactly("archived " + good, "deleted " + good, "failed " + damaged);
  }

  @Test
  void aPageOfMoreDocumentsThanAHandoffIsWrittenWholeAndInOrder() throws Exception {
    String index = "itverify-pages-" + date;
    int documents = 2 * IndexArchiver.RECORDS_PER_HANDOFF + 500;
    seed(index, documents);
    JobDefinition job = job("verify-pages", "itverify-pages-*", "none",
        (int) (1.5 * IndexArchiver.RECORDS_PER_HANDOFF));

    RunReport report = run(job, staged -> { });

    assertThat(report.outcomes()).extracting(IndexOutcome::status).containsExactly(IndexOutcome.Status.ARCHIVED);
    List<Long> numbers = new ArrayList<>();
    for (FileStatus file : hdfs.listStatus(new org.apache.hadoop.fs.Path("/it-verify/verify-pages/" + index),
        p -> p.getName().endsWith(".parquet"))) {
      records(file, stack.hadoopConfiguration()).forEach(record -> numbers.add((Long) record.get("n")));
    }
    assertThat(numbers).as("one slice, one file: the documents in _doc order, which is the order they were indexed")
        .containsExactlyElementsOf(LongStream.range(0, documents).boxed().toList());
  }

  private RunReport run(JobDefinition job, IndexArchiver.StagedFilesHook hook) {
    try (Archiver archiver = Archiver.open(config, true)) {
      archiver.runner().archiver().beforeVerify(hook);
      RunReport report = archiver.runner().run(job, false, Set.of(), ProgressListener.NONE);
      // as the command line does before it exits: events the relay has not sent at close wait for the next process
      assertThat(archiver.deliverEvents(Duration.ofSeconds(30))).as("audit events left undelivered").isZero();
      return report;
    }
  }

  private JobDefinition job(String name, String pattern, String afterArchive) throws IOException {
    return job(name, pattern, afterArchive, 100);
  }

  private JobDefinition job(String name, String pattern, String afterArchive, int batchSize) throws IOException {
    Files.writeString(jobs.resolve(name + ".yaml"), """
        indices: ["%s"]
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        destination: /it-verify/{job}/{index}
        after_archive: %s
        scroll: {batch_size: %d, max_slices: 1}
        """.formatted(pattern, afterArchive, batchSize));
    return ConfigLoader.loadJob(jobs, name, Map.of());
  }

  private void assertNothingCommitted(String job) throws IOException {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path("/it-verify/" + job);
    assertThat(hdfs.exists(root) ? names(root.toString()) : List.<String>of()).as("no archive, no staging").isEmpty();
  }

  private List<String> names(String path) throws IOException {
    return Arrays.stream(hdfs.listStatus(new org.apache.hadoop.fs.Path(path)))
        .map(s -> s.getPath().getName()).filter(name -> !name.equals(JobSchema.FILE_NAME)).toList();
  }

  /** Replaces the first staged file by one holding {@code change}d records, the way a faulty writer would. */
  private void rewrite(StagedArchive staged, UnaryOperator<List<GenericRecord>> change) {
    try {
      Configuration conf = stack.hadoopConfiguration();
      FileSystem fs = staged.directory().getFileSystem(conf);
      FileStatus file = Arrays.stream(fs.listStatus(staged.directory(), p -> p.getName().endsWith(".parquet")))
          .sorted().findFirst().orElseThrow();
      List<GenericRecord> records = records(file, conf);
      List<GenericRecord> changed = change.apply(records);
      try (var writer = AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(file.getPath(), conf))
          .withSchema(records.get(0).getSchema()).withConf(conf).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
          .build()) {
        for (GenericRecord record : changed) {
          writer.write(record);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<GenericRecord> records(FileStatus file, Configuration conf) throws IOException {
    List<GenericRecord> records = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
        HadoopInputFile.fromStatus(file, conf)).withConf(conf).build()) {
      for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
        records.add(record);
      }
    }
    return records;
  }

  private void seed(String index, int documents) throws IOException {
    put("/" + index, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},"
        + "\"mappings\":{\"properties\":{\"n\":{\"type\":\"long\"}}}}");
    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < documents; i++) {
      bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(index).append('-')
          .append(i).append("\"}}\n{\"n\":").append(i).append("}\n");
    }
    Request request = new Request("POST", "/_bulk?refresh=true");
    request.setJsonEntity(bulk.toString());
    es.performRequest(request);
  }

  private void put(String endpoint, String body) throws IOException {
    Request request = new Request("PUT", endpoint);
    request.setJsonEntity(body);
    es.performRequest(request);
  }

  private boolean exists(String index) throws IOException {
    Request request = new Request("GET", "/_cat/indices?format=json&h=index&expand_wildcards=all");
    return JSON.readTree(EntityUtils.toString(es.performRequest(request).getEntity())).findValuesAsText("index")
        .contains(index);
  }

  private String setting(String index, String name) throws IOException {
    Request request = new Request("GET", "/" + index + "/_settings/" + name + "?flat_settings=true");
    JsonNode value = JSON.readTree(EntityUtils.toString(es.performRequest(request).getEntity()))
        .path(index).path("settings").path(name);
    return value.isMissingNode() ? null : value.asText();
  }

  private List<JsonNode> events() throws IOException {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<JsonNode> events = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int emptyPolls = 0;
      while (System.nanoTime() < deadline && (events.isEmpty() || emptyPolls < 2)) {
        var polled = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, String> record : polled) {
          events.add(JSON.readTree(record.value()));
        }
        emptyPolls = polled.isEmpty() ? emptyPolls + 1 : 0;
      }
    }
    return events;
  }
}
