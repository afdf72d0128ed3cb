package org.esarchiver.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * {@code make bench} (scripts/bench.sh starts the bench stack and runs this): loads the dataset once
 * ({@link BenchData}), then, for several rounds, on the same index: the raw read ceiling ({@link RawRead}, sliced
 * scroll and sliced point-in-time) and es-archiver end to end ({@code bin/es-archiver run}, a separate JVM with
 * {@code -Xmx512m}) into HDFS and into {@code file://}. Prints a table of medians and writes target/bench/result.json.
 *
 * <p>Environment: ES_URL, KAFKA_BOOTSTRAP, HDFS_URL, BENCH_DIR (archive, state and job files), BENCH_DOCS (500000),
 * BENCH_INDICES (4), BENCH_SHARDS (1), BENCH_ROUNDS (3), BENCH_READ_SLICES (cores), BENCH_PAGE (10000),
 * BENCH_XMX (512m), BENCH_BATCH_SIZE (job scroll.batch_size, 5000), BENCH_COMPRESSION (snappy), BENCH_API (job
 * scroll.api: scroll or point_in_time), BENCH_OUT
 * (target/bench/result.json).
 */
public final class BenchMain {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final String JOB = "bench";
  /**
   * The reads of each round: the three fastest ways (the read ceiling is the best of them), and the read as the
   * archiver does it (one scroll, pages of the job's batch size), which is not part of the ceiling.
   */
  private static final List<String> READ_MODES = List.of("scroll", "pit", "scroll_1", "scroll_job");

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    String esUrl = env.getOrDefault("ES_URL", "http://127.0.0.1:29200");
    String kafka = env.getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:29092");
    String hdfs = env.getOrDefault("HDFS_URL", "hdfs://127.0.0.1:29820");
    Path benchDir = Path.of(env.getOrDefault("BENCH_DIR", "/var/tmp/es-archiver-bench/bench")).toAbsolutePath();
    int docs = intEnv(env, "BENCH_DOCS", 500_000);
    int indices = intEnv(env, "BENCH_INDICES", 4);
    int shards = intEnv(env, "BENCH_SHARDS", 1);
    int rounds = intEnv(env, "BENCH_ROUNDS", 3);
    int warmup = intEnv(env, "BENCH_WARMUP", 3);
    int readSlices = intEnv(env, "BENCH_READ_SLICES", Runtime.getRuntime().availableProcessors());
    int page = intEnv(env, "BENCH_PAGE", 10_000);
    String xmx = env.getOrDefault("BENCH_XMX", "512m");
    int batchSize = intEnv(env, "BENCH_BATCH_SIZE", 5000);
    String compression = env.getOrDefault("BENCH_COMPRESSION", "snappy");
    String api = env.getOrDefault("BENCH_API", "scroll");
    Path out = Path.of(env.getOrDefault("BENCH_OUT", "target/bench/result.json"));
    Path fileArchive = benchDir.resolve("archive");

    Files.createDirectories(benchDir.resolve("jobs"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(benchDir.resolve("jobs").resolve(JOB + ".yaml"),
        jobYaml(BenchData.prefix(docs), batchSize, compression, api));

    ObjectNode result = JSON.createObjectNode();
    result.put("date", Instant.now().toString());
    result.put("machine", machine());
    ObjectNode params = result.putObject("parameters");
    params.put("docs_per_index", docs).put("indices", indices).put("shards", shards).put("rounds", rounds)
        .put("warmup_passes", warmup).put("read_slices", readSlices).put("page_size", page).put("archiver_xmx", xmx)
        .put("archiver_batch_size", batchSize).put("compression", compression).put("archiver_api", api);

    BenchData.Loaded bench;
    try (RestClient es = RestClient.builder(HttpHost.create(esUrl))
        .setRequestConfigCallback(c -> c.setSocketTimeout(3_600_000).setConnectTimeout(10_000)).build()) {
      result.put("elasticsearch_version", JSON.readTree(es.performRequest(new org.elasticsearch.client.Request(
          "GET", "/_nodes/_local?filter_path=nodes.*.version")).getEntity().getContent()).path("nodes")
          .elements().next().path("version").asText());
      System.out.printf(Locale.ROOT, "== dataset: %d indices x %,d documents, %d shard(s)%n", indices, docs, shards);
      List<BenchData.Loaded> loaded = new ArrayList<>();
      for (int i = 0; i < indices; i++) {
        loaded.add(BenchData.ensure(es, i, docs, shards));
      }
      bench = loaded.get(0);
      ObjectNode idx = result.putObject("index");
      idx.put("name", bench.index()).put("documents", bench.documents()).put("source_bytes", bench.sourceBytes())
          .put("store_bytes", bench.storeBytes())
          .put("source_bytes_per_doc", (double) bench.sourceBytes() / bench.documents());
      System.out.printf(Locale.ROOT, "== bench index %s: %,d documents, %.1f MB of _source (%.0f B/doc), "
          + "store %.1f MB%n", bench.index(), bench.documents(), bench.sourceBytes() / 1e6,
          (double) bench.sourceBytes() / bench.documents(), bench.storeBytes() / 1e6);

      // A freshly started Elasticsearch serves its first reads at two thirds of the speed it reaches once its own JIT
      // has compiled the search path: read the index a few times first, so that no round measures a cold server.
      for (int pass = 1; pass <= warmup; pass++) {
        for (String mode : READ_MODES) {
          RawRead.Result rr = rawRead(es, mode, bench, readSlices, page, batchSize);
          System.out.printf(Locale.ROOT, "warm-up %d  read %-10s  %6.2f s  %,9.0f docs/s (not counted)%n", pass, mode,
              rr.seconds(), rr.documents() / rr.seconds());
        }
      }
      ArrayNode raw = result.putArray("rounds");
      for (int r = 1; r <= rounds; r++) {
        ObjectNode round = raw.addObject();
        round.put("round", r);
        for (String mode : READ_MODES) {
          long esCpuBefore = elasticsearchCpuMillis(es);
          RawRead.Result rr = rawRead(es, mode, bench, readSlices, page, batchSize);
          double esCpuPerDoc = (elasticsearchCpuMillis(es) - esCpuBefore) * 1e3 / rr.documents();
          ObjectNode m = round.putObject("read_" + mode);
          m.put("slices", rr.slices()).put("documents", rr.documents()).put("response_bytes", rr.responseBytes())
              .put("seconds", rr.seconds()).put("docs_per_s", rr.documents() / rr.seconds())
              .put("source_mb_per_s", bench.sourceBytes() / 1e6 / rr.seconds())
              .put("elasticsearch_cpu_us_per_doc", esCpuPerDoc);
          System.out.printf(Locale.ROOT, "round %d  read %-10s  %6.2f s  %,9.0f docs/s  %6.1f MB/s  (Elasticsearch "
              + "%.2f µs of CPU per document)%n", r, mode, rr.seconds(), rr.documents() / rr.seconds(),
              bench.sourceBytes() / 1e6 / rr.seconds(), esCpuPerDoc);
        }
        for (String target : List.of("hdfs", "file")) {
          String fs = target.equals("hdfs") ? hdfs : "file://" + fileArchive;
          ObjectNode a = archive(es, benchDir, target, fs, esUrl, kafka, xmx, bench, r);
          round.set("archive_" + target, a);
        }
        if (loaded.size() > 1) {
          round.set("archive_hdfs_warm", archiveJob(es, benchDir, hdfs, esUrl, kafka, xmx, loaded, r));
        }
      }
    }
    ObjectNode medians = result.putObject("medians");
    for (String key : List.of("read_scroll", "read_pit", "read_scroll_1", "read_scroll_job", "archive_hdfs",
        "archive_file", "archive_hdfs_warm")) {
      ObjectNode m = medians.putObject(key);
      for (String field : List.of("seconds", "docs_per_s", "source_mb_per_s", "process_seconds", "peak_rss_mb",
          "peak_heap_mb", "parquet_bytes", "parquet_bytes_per_doc", "parquet_over_store", "files", "slices",
          "elasticsearch_cpu_us_per_doc")) {
        double[] values = new double[0];
        for (JsonNode round : result.get("rounds")) {
          JsonNode v = round.path(key).path(field);
          if (v.isNumber()) {
            values = Arrays.copyOf(values, values.length + 1);
            values[values.length - 1] = v.asDouble();
          }
        }
        if (values.length > 0) {
          m.put(field, median(values));
        }
      }
    }
    double ceiling = Math.max(Math.max(medians.path("read_scroll").path("docs_per_s").asDouble(),
        medians.path("read_pit").path("docs_per_s").asDouble()),
        medians.path("read_scroll_1").path("docs_per_s").asDouble());
    result.put("read_ceiling_docs_per_s", ceiling);
    ObjectNode ratios = result.putObject("ratios");
    for (String target : List.of("hdfs", "file", "hdfs_warm")) {
      ratios.put("archive_" + target + "_over_read_ceiling",
          medians.path("archive_" + target).path("docs_per_s").asDouble() / ceiling);
      ratios.put("archive_" + target + "_over_read_scroll",
          medians.path("archive_" + target).path("docs_per_s").asDouble()
              / medians.path("read_scroll").path("docs_per_s").asDouble());
      ratios.put("archive_" + target + "_over_read_as_archiver",
          medians.path("archive_" + target).path("docs_per_s").asDouble()
              / medians.path("read_scroll_job").path("docs_per_s").asDouble());
    }
    Files.writeString(out, JSON.writeValueAsString(result) + "\n");
    printTable(result, ceiling);
    System.out.println("result: " + out.toAbsolutePath());
  }

  /** Every document of the bench index, read the fastest way in {@code mode} and thrown away. */
  private static RawRead.Result rawRead(RestClient es, String mode, BenchData.Loaded bench, int readSlices, int page,
      int batchSize) throws Exception {
    RawRead.Result read = switch (mode) {
      case "scroll" -> RawRead.scroll(es, bench.index(), readSlices, page);
      case "pit" -> RawRead.pit(es, bench.index(), readSlices, page);
      case "scroll_1" -> RawRead.scroll(es, bench.index(), 1, page);
      case "scroll_job" -> RawRead.scroll(es, bench.index(), 1, batchSize);
      default -> throw new IllegalArgumentException(mode);
    };
    if (read.documents() != bench.documents()) {
      throw new IllegalStateException(mode + " read " + read.documents() + " documents, expected "
          + bench.documents());
    }
    return read;
  }

  /** One run of bin/es-archiver on the bench index, in a JVM of its own, as a user would start it. */
  private static ObjectNode archive(RestClient es, Path benchDir, String target, String fs, String esUrl, String kafka,
      String xmx, BenchData.Loaded bench, int round) throws Exception {
    Archiver run = runArchiver(es, benchDir, target + "-" + round, fs, esUrl, kafka, xmx, "--index", bench.index());
    JsonNode manifest = manifest(fs, 0);
    if (manifest.path("rows").asLong() != bench.documents()) {
      throw new IllegalStateException("archive of " + target + " has " + manifest.path("rows") + " rows");
    }
    double seconds = manifest.path("seconds").asDouble();
    ObjectNode a = measures(manifest, bench, run, bench.documents());
    System.out.printf(Locale.ROOT, "round %d  archive %-4s %6.2f s  %,9.0f docs/s  %6.1f MB/s  (process %.1f s, "
        + "RSS %.0f MB, heap %.0f MB, %.1f B/doc Parquet)%n", round, target, seconds, bench.documents() / seconds,
        bench.sourceBytes() / 1e6 / seconds, run.seconds(), run.peakRssMb(), run.peakHeapMb(),
        a.path("parquet_bytes_per_doc").asDouble());
    printCpu(run, bench.documents());
    return a;
  }

  /**
   * One run of the whole job (every loaded index, one after the other in one JVM) to HDFS: the indices after the
   * first are archived by a warmed-up JVM (its JIT compilation done), as in a nightly job of several indices. Reports
   * the median of those.
   */
  private static ObjectNode archiveJob(RestClient es, Path benchDir, String fs, String esUrl, String kafka,
      String xmx, List<BenchData.Loaded> loaded, int round) throws Exception {
    Archiver run = runArchiver(es, benchDir, "job-" + round, fs, esUrl, kafka, xmx);
    List<JsonNode> manifests = new ArrayList<>();
    for (int i = 0; i < loaded.size(); i++) {
      JsonNode manifest = manifest(fs, i);
      if (manifest.path("rows").asLong() != loaded.get(i).documents()) {
        throw new IllegalStateException("archive of " + loaded.get(i).index() + " has " + manifest.path("rows")
            + " rows");
      }
      manifests.add(manifest);
    }
    manifests.sort(java.util.Comparator.comparing(m -> m.path("started").asText()));
    List<JsonNode> warm = manifests.subList(1, manifests.size());
    double[] rates = warm.stream().mapToDouble(m -> m.path("rows").asDouble() / m.path("seconds").asDouble())
        .toArray();
    double rate = median(rates);
    JsonNode typical = warm.stream().filter(m -> m.path("rows").asDouble() / m.path("seconds").asDouble() == rate)
        .findFirst().orElse(warm.get(0));
    BenchData.Loaded bench = loaded.stream().filter(l -> l.index().equals(typical.path("index").asText()))
        .findFirst().orElseThrow();
    long jobDocuments = loaded.stream().mapToLong(BenchData.Loaded::documents).sum();
    ObjectNode a = measures(typical, bench, run, jobDocuments);
    a.put("docs_per_s", rate).put("seconds", bench.documents() / rate)
        .put("source_mb_per_s", bench.sourceBytes() / 1e6 * rate / bench.documents());
    a.put("first_index", manifests.get(0).path("index").asText())
        .put("first_index_docs_per_s", manifests.get(0).path("rows").asDouble()
            / manifests.get(0).path("seconds").asDouble());
    System.out.printf(Locale.ROOT, "round %d  archive job of %d indices to hdfs: first %s %,.0f docs/s, then median "
        + "%,.0f docs/s (process %.1f s, RSS %.0f MB, heap %.0f MB)%n", round, loaded.size(),
        a.path("first_index").asText(), a.path("first_index_docs_per_s").asDouble(), rate, run.seconds(),
        run.peakRssMb(), run.peakHeapMb());
    printCpu(run, jobDocuments);
    return a;
  }

  /** @param processDocuments the documents the whole archiver process archived, for its CPU per document */
  private static ObjectNode measures(JsonNode manifest, BenchData.Loaded bench, Archiver run, long processDocuments) {
    double seconds = manifest.path("seconds").asDouble();
    long parquet = manifest.path("bytes").asLong();
    ObjectNode a = JSON.createObjectNode();
    a.put("documents", bench.documents()).put("seconds", seconds).put("process_seconds", run.seconds())
        .put("docs_per_s", bench.documents() / seconds).put("source_mb_per_s", bench.sourceBytes() / 1e6 / seconds)
        .put("slices", manifest.path("slices").asInt()).put("files", manifest.path("files").size())
        .put("parquet_bytes", parquet).put("parquet_bytes_per_doc", (double) parquet / bench.documents())
        .put("parquet_over_store", (double) parquet / bench.storeBytes())
        .put("peak_rss_mb", run.peakRssMb()).put("peak_heap_mb", run.peakHeapMb());
    ObjectNode cpu = a.putObject("process_cpu_seconds");
    run.cpuSeconds().forEach(cpu::put);
    a.put("elasticsearch_cpu_seconds", run.elasticsearchCpuSeconds())
        .put("elasticsearch_cpu_us_per_doc", run.elasticsearchCpuSeconds() * 1e6 / processDocuments);
    return a;
  }

  /**
   * Where the CPU of the whole run went, per document (archiver threads by role, and Elasticsearch over the same
   * time): on a machine whose cores Elasticsearch and the archiver share, this is what decides the throughput.
   */
  private static void printCpu(Archiver run, long documents) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "         CPU per document over the whole process: Elasticsearch %.2f µs; es-archiver %.2f µs =",
        run.elasticsearchCpuSeconds() * 1e6 / documents,
        run.cpuSeconds().values().stream().mapToDouble(Double::doubleValue).sum() * 1e6 / documents));
    run.cpuSeconds().forEach((role, seconds) -> line.append(String.format(Locale.ROOT, " %s %.2f", role,
        seconds * 1e6 / documents)));
    System.out.println(line);
  }

  /**
   * What a finished archiver process measured: its wall time, peak RSS, peak heap (from its GC log), the CPU seconds
   * of its threads by role ({@link ThreadCpu}), and Elasticsearch's CPU seconds meanwhile.
   */
  private record Archiver(double seconds, double peakRssMb, double peakHeapMb, Map<String, Double> cpuSeconds,
      double elasticsearchCpuSeconds) {}

  private static Archiver runArchiver(RestClient es, Path benchDir, String label, String fs, String esUrl,
      String kafka, String xmx, String... runArgs) throws Exception {
    Path gcLog = benchDir.resolve("gc-" + label + ".log");
    Path log = benchDir.resolve("archiver-" + label + ".log");
    Files.deleteIfExists(gcLog);
    List<String> command = new ArrayList<>(List.of("bin/es-archiver", "--config", "conf/archiver.yaml",
        "--jobs-dir", benchDir.resolve("jobs").toString(), "run", JOB, "--force"));
    command.addAll(List.of(runArgs));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> penv = pb.environment();
    penv.put("JAVA_OPTS", "-Xmx" + xmx + " -Xlog:gc:file=" + gcLog);
    penv.put("ES_HOSTS", esUrl);
    penv.put("ARCHIVE_FS", fs);
    penv.put("KAFKA_BOOTSTRAP", kafka);
    penv.put("ES_ARCHIVER_STATE", benchDir.resolve("state").toString());
    penv.put("HADOOP_USER_NAME", System.getProperty("user.name"));
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    long esCpuBefore = elasticsearchCpuMillis(es);
    long start = System.nanoTime();
    Process p = pb.start();
    ThreadCpu cpu = new ThreadCpu(p.pid());
    long peakRssKb = 0;
    while (p.isAlive()) {
      peakRssKb = Math.max(peakRssKb, vmHwmKb(p.pid()));
      cpu.sample();
      Thread.sleep(100);
    }
    double esCpuSeconds = (elasticsearchCpuMillis(es) - esCpuBefore) / 1000.0;
    double processSeconds = (System.nanoTime() - start) / 1e9;
    if (p.exitValue() != 0) {
      throw new IllegalStateException("bin/es-archiver exited with " + p.exitValue() + ", see " + log);
    }
    double peakHeapMb = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = GC_LINE.matcher(line);
      if (m.find()) {
        peakHeapMb = Math.max(peakHeapMb, Double.parseDouble(m.group(1)));
      }
    }
    return new Archiver(processSeconds, peakRssKb / 1024.0, peakHeapMb, cpu.secondsByRole(), esCpuSeconds);
  }

  /** The manifest of day {@code day}'s archive. */
  private static JsonNode manifest(String fs, int day) throws Exception {
    String manifestPath = "/" + JOB + "/" + JOB + "/dt=" + BenchData.FIRST_DAY.plusDays(day) + "/_manifest.json";
    org.apache.hadoop.fs.Path mp = new org.apache.hadoop.fs.Path(fs + manifestPath);
    try (FileSystem hfs = FileSystem.newInstance(mp.toUri(), new Configuration()); InputStream in = hfs.open(mp)) {
      return JSON.readTree(in);
    }
  }

  /** The CPU time Elasticsearch's process has used so far (the bench stack has one node). */
  private static long elasticsearchCpuMillis(RestClient es) throws IOException {
    JsonNode nodes = JSON.readTree(es.performRequest(new org.elasticsearch.client.Request("GET",
        "/_nodes/_local/stats/process")).getEntity().getContent()).path("nodes");
    return nodes.elements().next().path("process").path("cpu").path("total_in_millis").asLong();
  }

  private static long vmHwmKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      // the process ended
    }
    return 0;
  }

  private static void printTable(ObjectNode result, double ceiling) {
    JsonNode med = result.get("medians");
    System.out.println();
    System.out.printf(Locale.ROOT, "es-archiver bench, %s, %s, Elasticsearch %s%n", result.path("date").asText(),
        result.path("machine").asText(), result.path("elasticsearch_version").asText());
    JsonNode idx = result.get("index");
    System.out.printf(Locale.ROOT, "index %s: %,d docs, %.0f B/doc of _source, store %.1f MB; medians of %d "
        + "rounds%n", idx.path("name").asText(), idx.path("documents").asLong(),
        idx.path("source_bytes_per_doc").asDouble(), idx.path("store_bytes").asLong() / 1e6,
        result.path("parameters").path("rounds").asInt());
    System.out.printf(Locale.ROOT, "%-30s %6s %9s %12s %9s %9s %9s %9s %9s %10s %10s%n", "", "slices", "seconds",
        "docs/s", "MB/s", "x ceiling", "ES µs/doc", "RSS MB", "heap MB", "B/doc pq", "pq/store");
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("read_scroll", "read: sliced scroll");
    rows.put("read_pit", "read: sliced PIT");
    rows.put("read_scroll_1", "read: scroll, 1 slice");
    rows.put("read_scroll_job", "read: as es-archiver (**)");
    rows.put("archive_hdfs", "es-archiver -> HDFS");
    rows.put("archive_file", "es-archiver -> file://");
    rows.put("archive_hdfs_warm", "  -> HDFS, warm JVM (*)");
    rows.forEach((key, label) -> {
      JsonNode m = med.path(key);
      boolean archive = key.startsWith("archive");
      System.out.printf(Locale.ROOT, "%-30s %6.0f %9.2f %,12.0f %9.1f %9.2f %9.2f %9s %9s %10s %10s%n", label,
          m.path("slices").asDouble(),
          m.path("seconds").asDouble(), m.path("docs_per_s").asDouble(), m.path("source_mb_per_s").asDouble(),
          m.path("docs_per_s").asDouble() / ceiling, m.path("elasticsearch_cpu_us_per_doc").asDouble(),
          archive ? String.format(Locale.ROOT, "%.0f", m.path("peak_rss_mb").asDouble()) : "-",
          archive ? String.format(Locale.ROOT, "%.0f", m.path("peak_heap_mb").asDouble()) : "-",
          archive ? String.format(Locale.ROOT, "%.1f", m.path("parquet_bytes_per_doc").asDouble()) : "-",
          archive ? String.format(Locale.ROOT, "%.3f", m.path("parquet_over_store").asDouble()) : "-");
    });
    if (med.has("archive_hdfs_warm")) {
      System.out.println("(*) one archiver process running the whole job: the median of the indices after its first,"
          + " archived once the JVM's JIT compilation is done");
    }
    System.out.printf(Locale.ROOT, "(**) one scroll, pages of the job's batch size (%d), bytes thrown away: not part of"
        + " the ceiling%n", result.path("parameters").path("archiver_batch_size").asInt());
    System.out.println("ES µs/doc: Elasticsearch's CPU per document over the read, or over the archiver's process");
  }

  private static String jobYaml(String prefix, int batchSize, String compression, String api) {
    return """
        description: make bench (generated by org.esarchiver.bench.BenchMain)
        indices: ["%s*"]
        age:
          source: name
          date_pattern: yyyy.MM.dd
          time_zone: UTC
          older_than: 1d
        destination: /bench/{job}/dt={date}/
        array_fields: [tags]
        parquet:
          compression: %s
        scroll:
          batch_size: %d
          keep_alive: 5m
          max_slices: 4
          api: %s
        write_block: true
        after_archive: none
        """.formatted(prefix, compression, batchSize, api);
  }

  private static String machine() {
    String cpu = "unknown cpu";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
    } catch (Exception ignored) {
      // not Linux
    }
    long memKb = 0;
    try {
      memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
    } catch (Exception ignored) {
      // not Linux
    }
    return String.format(Locale.ROOT, "%d cores (%s), %.0f GB RAM, Java %s", Runtime.getRuntime()
        .availableProcessors(), cpu, memKb / 1048576.0, System.getProperty("java.version"));
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static int intEnv(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim().replace("_", ""));
  }
}
