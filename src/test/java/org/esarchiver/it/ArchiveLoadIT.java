package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.http.HttpHost;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load (issue 7), run by {@code make test-faults}, not {@code make test}: a job over 200 small indices and a job over
 * one index of 2,000,000 documents, each archived by the command line in a JVM of its own with {@code -Xmx512m}. Both
 * must finish, the archives must be exact (rows, distinct ids and the sum of a column, read by DuckDB), and the peak
 * RSS and heap of the archiver are printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveLoadIT {
  private static final int SMALL_INDICES = 200;
  private static final int SMALL_DOCS = 10;
  private static final int BIG_DOCS = 2_000_000;
  private static final int BULK_DOCS = 25_000;
  private static final String HEAP = "-Xmx512m";
  private static final DateTimeFormatter NAME_DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd");

  @TempDir
  static Path dir;

  private LocalStack stack;
  private CliHarness cli;
  private RestClient es;
  private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

  @BeforeAll
  void start() throws Exception {
    stack = LocalStack.shared();
    cli = new CliHarness(stack, dir, "it-load");
    es = RestClient.builder(HttpHost.create(stack.elasticsearchUrl()))
        .setRequestConfigCallback(config -> config.setSocketTimeout((int) Duration.ofMinutes(5).toMillis())).build();
    // Indices created by the bulk requests get one shard, no replica and no refresh while loading.
    request("PUT", "/_index_template/load", """
        {"index_patterns": ["load-*"], "template": {"settings": {"number_of_shards": 1, "number_of_replicas": 0,
          "refresh_interval": "-1", "translog.durability": "async"},
          "mappings": {"properties": {"@timestamp": {"type": "date"}, "n": {"type": "long"},
            "kw": {"type": "keyword"}, "msg": {"type": "text"}}}}}""");
  }

  @AfterAll
  void stop() throws Exception {
    request("DELETE", "/load-*?expand_wildcards=all", null);
    es.close();
    cli.close();
  }

  @Test
  void aJobOverTwoHundredSmallIndices() throws Exception {
    // Each new index is a cluster state update: 20 indices per bulk request keeps each request short.
    for (int first = 0; first < SMALL_INDICES; first += 20) {
      StringBuilder bulk = new StringBuilder();
      for (int i = first; i < first + 20; i++) {
        String index = "load-many-" + today.minusDays(10 + i).format(NAME_DATE);
        for (int doc = 0; doc < SMALL_DOCS; doc++) {
          appendDocument(bulk, index, i * SMALL_DOCS + doc);
        }
      }
      bulk(bulk);
    }
    request("POST", "/load-many-*/_refresh", null);
    cli.job("load-many", """
        indices: ["load-many-*"]
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        destination: /it-load/{job}/dt={date}
        """);

    Measured run = archive("load-many");

    assertThat(run.code()).as(run.output()).isZero();
    assertThat(run.output()).contains("job load-many, run ").contains(": " + SMALL_INDICES + " archived, 0 skipped, 0 failed");
    assertExact("/it-load/load-many", SMALL_INDICES, (long) SMALL_INDICES * SMALL_DOCS);
    System.out.printf("LOAD %d small indices: %s%n", SMALL_INDICES, run);
  }

  @Test
  void aJobOverOneIndexOfTwoMillionDocuments() throws Exception {
    String index = "load-big-" + today.minusDays(3).format(NAME_DATE);
    long loadStart = System.nanoTime();
    for (int from = 0; from < BIG_DOCS; from += BULK_DOCS) {
      StringBuilder bulk = new StringBuilder(BULK_DOCS * 160);
      for (int n = from; n < Math.min(BIG_DOCS, from + BULK_DOCS); n++) {
        appendDocument(bulk, index, n);
      }
      bulk(bulk);
    }
    request("POST", "/" + index + "/_refresh", null);
    System.out.printf("LOAD indexed %,d documents in %d s%n", BIG_DOCS,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - loadStart));
    cli.job("load-big", """
        indices: ["load-big-*"]
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        destination: /it-load/{job}/dt={date}
        """);

    Measured run = archive("load-big");

    assertThat(run.code()).as(run.output()).isZero();
    assertThat(run.output()).containsPattern(index + "\\s+archived\\s+2,000,000");
    assertExact("/it-load/load-big", 1, BIG_DOCS);
    System.out.printf("LOAD %,d documents: %s%n", BIG_DOCS, run);
  }

  /** What an archiver process took: its exit code, output, wall time, peak RSS and the largest heap before a GC. */
  private record Measured(int code, String output, Duration took, long peakRssKb, long peakHeapMb) {
    @Override
    public String toString() {
      return String.format("exit %d in %d s, peak RSS %d MB, peak heap %d MB (%s)", code, took.toSeconds(),
          peakRssKb / 1024, peakHeapMb, HEAP);
    }
  }

  private Measured archive(String job) throws Exception {
    Path gcLog = dir.resolve(job + "-gc.log");
    long start = System.nanoTime();
    Process process = cli.spawn(job, Map.of(), List.of(HEAP, "-Xlog:gc:file=" + gcLog), cli.config(), "run", job);
    long peakRssKb = 0;
    while (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
      peakRssKb = Math.max(peakRssKb, highWaterMarkKb(process.pid()));
      assertThat(System.nanoTime() - start).as(job + " runs for less than 20 minutes")
          .isLessThan(TimeUnit.MINUTES.toNanos(20));
    }
    return new Measured(process.exitValue(), cli.output(job), Duration.ofNanos(System.nanoTime() - start),
        peakRssKb, peakHeapMb(gcLog));
  }

  /** VmHWM: the peak resident set size of the process so far, in kB (0 once it has ended). */
  private static long highWaterMarkKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException ended) {
      // the process ended between two samples
    }
    return 0;
  }

  /** The largest heap occupancy before a collection, from -Xlog:gc lines such as "Pause Young ... 300M->40M(512M)". */
  private static long peakHeapMb(Path gcLog) throws IOException {
    Matcher before = Pattern.compile("(\\d+)M->\\d+M\\(").matcher(Files.readString(gcLog));
    long peak = 0;
    while (before.find()) {
      peak = Math.max(peak, Long.parseLong(before.group(1)));
    }
    return peak;
  }

  /** Every archive under {@code root}: committed, with the documents' rows, distinct ids and sum of {@code n}. */
  private void assertExact(String root, int archives, long documents) throws Exception {
    Path local = Files.createDirectories(dir.resolve("copy" + root.replace('/', '-')));
    long manifestRows = 0;
    try (FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
      FileStatus[] partitions = hdfs.listStatus(new org.apache.hadoop.fs.Path(root), p -> !p.getName().startsWith("_"));
      assertThat(partitions).hasSize(archives);
      for (FileStatus partition : partitions) {
        JsonNode manifest = TestCluster.json(new String(
            hdfs.open(new org.apache.hadoop.fs.Path(partition.getPath(), "_manifest.json")).readAllBytes(),
            StandardCharsets.UTF_8));
        manifestRows += manifest.path("rows").asLong();
        for (FileStatus file : hdfs.listStatus(partition.getPath(), p -> p.getName().endsWith(".parquet"))) {
          hdfs.copyToLocalFile(file.getPath(), new org.apache.hadoop.fs.Path(
              local.resolve(partition.getPath().getName() + "-" + file.getPath().getName()).toUri()));
        }
      }
    }
    assertThat(manifestRows).isEqualTo(documents);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement();
        ResultSet rs = sql.executeQuery("SELECT count(*), count(DISTINCT _id), sum(n), min(n), max(n) FROM read_parquet('"
            + local.resolve("*.parquet") + "')")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(documents);
      assertThat(rs.getLong(2)).isEqualTo(documents);
      assertThat(rs.getBigDecimal(3).longValueExact()).isEqualTo(documents * (documents - 1) / 2);
      assertThat(rs.getLong(4)).isZero();
      assertThat(rs.getLong(5)).isEqualTo(documents - 1);
    }
  }

  /** A small log document; {@code n} numbers the documents of a job from 0. */
  private static void appendDocument(StringBuilder bulk, String index, long n) {
    bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"d").append(n).append("\"}}\n")
        .append("{\"@timestamp\":").append(1_700_000_000_000L + n * 1000).append(",\"n\":").append(n)
        .append(",\"kw\":\"k").append(n % 100).append("\",\"msg\":\"GET /item/").append(n)
        .append(" HTTP/1.1 200\"}\n");
  }

  private void bulk(StringBuilder ndjson) throws IOException {
    Request request = new Request("POST", "/_bulk");
    request.setEntity(new NStringEntity(ndjson.toString(), ContentType.create("application/x-ndjson",
        StandardCharsets.UTF_8)));
    JsonNode response = TestCluster.json(EntityUtils.toString(es.performRequest(request).getEntity()));
    assertThat(response.path("errors").asBoolean()).as("bulk errors").isFalse();
  }

  private void request(String method, String endpoint, String json) throws IOException {
    Request request = new Request(method, endpoint);
    if (json != null) {
      request.setJsonEntity(json);
    }
    es.performRequest(request);
  }
}
