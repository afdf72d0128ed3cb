package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FileSystem;
import org.esarchiver.convert.ArchiveRowReader;
import org.esarchiver.convert.ArchiveSchema;
import org.esarchiver.convert.SourceEquivalence;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost: a corpus of hostile documents (every field type this Elasticsearch distribution has, arrays, malformed
 * values kept by ignore_malformed, unmapped fields, dotted and unicode names, deep nesting, empty objects, nulls, a 1 MB
 * document) is archived to HDFS; then every document's _source, rebuilt by {@code es-archiver cat} from the typed
 * columns and the overflow column, must equal the original, and DuckDB, an independent Parquet reader, must see the
 * typed values in typed columns.
 */
class FidelityIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void everyDocumentSurvivesTheRoundTripAndTypedColumnsHoldTypedValues() throws Exception {
    LocalStack stack = LocalStack.shared();
    LocalDate date = LocalDate.now(ZoneOffset.UTC).minusDays(20);
    String index = "fidelity-" + date.format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
    Map<String, JsonNode> corpus = corpus();
    try (CliHarness cli = new CliHarness(stack, dir, "it-fidelity")) {
      cli.cluster().createIndex(index, 1, resource("fidelity/mapping.json"));
      List<TestCluster.Document> docs = new ArrayList<>();
      corpus.forEach((id, source) -> docs.add(new TestCluster.Document(id, source)));
      cli.cluster().index(index, docs);
      cli.job("fidelity", """
          indices: ["fidelity-*"]
          age: {date_pattern: yyyy.MM.dd, older_than: 1d}
          scroll: {batch_size: 5}
          """);
      archiveAndCheck(cli, stack, index, date, corpus);
    }
  }

  private void archiveAndCheck(CliHarness cli, LocalStack stack, String index, LocalDate date,
      Map<String, JsonNode> corpus) throws Exception {
    CliHarness.Result run = cli.cli("run", "fidelity");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    String partition = "/archive/fidelity/dt=" + date;

    CliHarness.Result cat = cli.cli("cat", partition);
    assertThat(cat.code()).as(cat.err()).isZero();
    Map<String, JsonNode> rebuilt = new HashMap<>();
    new BufferedReader(new StringReader(cat.out())).lines().forEach(line -> {
      JsonNode hit = parse(line);
      assertThat(hit.path("_index").asText()).isEqualTo(index);
      rebuilt.put(hit.path("_id").asText(), hit.path("_source"));
    });
    assertThat(rebuilt.keySet()).isEqualTo(corpus.keySet());

    try (FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
      var files = hdfs.listStatus(new org.apache.hadoop.fs.Path(partition), p -> p.getName().endsWith(".parquet"));
      ArchiveSchema schema = ArchiveSchema.fromAvroSchema(
          ArchiveRowReader.readSchema(files[0].getPath(), stack.hadoopConfiguration()));
      for (Map.Entry<String, JsonNode> doc : corpus.entrySet()) {
        assertThat(SourceEquivalence.differences(doc.getValue(), rebuilt.get(doc.getKey()), schema))
            .as("document %s rebuilt as %s", doc.getKey(), abbreviate(rebuilt.get(doc.getKey())))
            .isEmpty();
      }
      JsonNode manifest = JSON.readTree(hdfs.open(new org.apache.hadoop.fs.Path(partition, "_manifest.json")));
      assertThat(manifest.path("overflow_values").asLong()).isGreaterThanOrEqualTo(4);
      assertThat(manifest.path("overflow_documents").asLong()).isGreaterThanOrEqualTo(2);

      Path local = Files.createDirectories(dir.resolve("copy"));
      for (var file : files) {
        hdfs.copyToLocalFile(file.getPath(), new org.apache.hadoop.fs.Path(local.resolve(file.getPath().getName()).toUri()));
      }
      assertTypedColumnsWithDuckDb(local.resolve("*.parquet"), corpus.size());
      Map<String, GenericRecord> rows = new HashMap<>();
      for (var file : files) {
        ArchiveRowReader.read(file.getPath(), stack.hadoopConfiguration(),
            row -> rows.put(row.get("_id").toString(), row));
      }
      assertDuckDbSeesWhatTheArchiverReads(local.resolve("*.parquet"), rows);
    }
  }

  private static void assertTypedColumnsWithDuckDb(Path glob, int documents) throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement()) {
      String table = "read_parquet('" + glob + "')";
      try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM " + table)) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(documents);
      }
      Map<String, String> types = new LinkedHashMap<>();
      try (ResultSet rs = sql.executeQuery("DESCRIBE SELECT * FROM " + table)) {
        while (rs.next()) {
          types.put(rs.getString("column_name"), rs.getString("column_type"));
        }
      }
      assertThat(types).as("l and kw hold several values in some documents: list columns")
          .containsEntry("l", "BIGINT[]").containsEntry("i", "INTEGER").containsEntry("d", "DOUBLE")
          .containsEntry("bool", "BOOLEAN").containsEntry("kw", "VARCHAR[]").containsEntry("größe", "VARCHAR")
          .containsEntry("名前", "VARCHAR").containsEntry("@timestamp", "TIMESTAMP WITH TIME ZONE")
          .containsKeys("_id", "_index", "_overflow", "geo", "obj", "nest", "user-agent");
      try (ResultSet rs = sql.executeQuery("SELECT \"l\"[1], \"i\", \"s\", \"b\", \"d\", \"bool\", \"ip\", "
          + "epoch_ms(\"@timestamp\"), \"obj\"[1].\"b\".\"c\", \"geo\".\"lat\", \"geo\".\"lon\", \"größe\", \"user-agent\" "
          + "FROM " + table + " WHERE _id = 'all-types'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(9007199254740993L);
        assertThat(rs.getInt(2)).isEqualTo(Integer.MIN_VALUE);
        assertThat(rs.getInt(3)).isEqualTo(32767);
        assertThat(rs.getInt(4)).isEqualTo(-128);
        assertThat(rs.getDouble(5)).isEqualTo(2.718281828459045);
        assertThat(rs.getBoolean(6)).isTrue();
        assertThat(rs.getString(7)).contains("2001:db8::1");
        assertThat(rs.getLong(8)).isEqualTo(1551435330123L);
        assertThat(rs.getLong(9)).isEqualTo(7);
        assertThat(rs.getDouble(10)).isEqualTo(41.12);
        assertThat(rs.getDouble(11)).isEqualTo(-71.34);
        assertThat(rs.getString(12)).isEqualTo("groß");
        assertThat(rs.getString(13)).isEqualTo("curl/8.5.0");
      }
      try (ResultSet rs = sql.executeQuery("SELECT \"s\", \"l\"[1], \"bool\" FROM " + table + " WHERE _id = 'coerced'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as("\"200\" coerced into a short").isEqualTo(200);
        assertThat(rs.getLong(2)).isEqualTo(42);
        assertThat(rs.getBoolean(3)).isTrue();
      }
      try (ResultSet rs = sql.executeQuery("SELECT \"im_int\", \"_overflow\" FROM " + table + " WHERE _id = 'malformed'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getObject(1)).isNull();
        assertThat(parse(rs.getString(2)).path("im_int").asText()).isEqualTo("not a number");
      }
      try (ResultSet rs = sql.executeQuery("SELECT \"_overflow\" FROM " + table + " WHERE _id = 'unmapped'")) {
        assertThat(rs.next()).isTrue();
        JsonNode overflow = parse(rs.getString(1));
        assertThat(overflow.path("another").asText()).isEqualTo("loose");
        assertThat(overflow.path("unknown_field").path("deep").get(2).path("y").asText()).isEqualTo("z");
      }
    }
  }

  /**
   * For every document, DuckDB reads the same scalar typed columns and the same overflow as the rows the rebuild was
   * made from: the round trip above does not depend on the archiver's own reader.
   */
  private static void assertDuckDbSeesWhatTheArchiverReads(Path glob, Map<String, GenericRecord> rows) throws Exception {
    List<String> columns = List.of("i", "s", "b", "d", "f", "bool", "größe", "名前", "user-agent", "txt", "_overflow");
    String select = columns.stream().map(c -> "\"" + c + "\"").collect(java.util.stream.Collectors.joining(", "));
    int checked = 0;
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement();
        ResultSet rs = sql.executeQuery("SELECT _id, " + select + " FROM read_parquet('" + glob + "')")) {
      while (rs.next()) {
        GenericRecord row = rows.get(rs.getString(1));
        for (int c = 0; c < columns.size(); c++) {
          Object archived = row.get(columns.get(c));
          Object duckValue = rs.getObject(c + 2);
          String where = rs.getString(1) + "." + columns.get(c);
          if (archived == null || duckValue == null) {
            assertThat(duckValue).as(where).isNull();
            assertThat(archived).as(where).isNull();
          } else if (archived instanceof Number number) {
            assertThat(((Number) duckValue).doubleValue()).as(where).isEqualTo(number.doubleValue());
          } else if (columns.get(c).equals("_overflow")) {
            assertThat(parse(duckValue.toString())).as(where).isEqualTo(parse(archived.toString()));
          } else {
            assertThat(duckValue.toString()).as(where).isEqualTo(archived.toString());
          }
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(rows.size());
  }

  /** The recorded corpus, plus documents too large to keep as text: 60 levels of nesting and a 1 MB text. */
  private static Map<String, JsonNode> corpus() throws Exception {
    Map<String, JsonNode> corpus = new LinkedHashMap<>();
    for (String line : resource("fidelity/documents.ndjson").split("\n")) {
      if (!line.isBlank()) {
        JsonNode doc = JSON.readTree(line);
        corpus.put(doc.path("_id").asText(), doc.path("_source"));
      }
    }
    ObjectNode deep = JSON.createObjectNode();
    ObjectNode level = deep.putObject("off");
    for (int i = 0; i < 60; i++) {
      level = level.put("depth", i).putObject("child-" + i);
    }
    level.put("bottom", true);
    deep.put("kw", "deep");
    corpus.put("deep", deep);
    corpus.put("one-megabyte", JSON.createObjectNode().put("kw", "big").put("big", "x".repeat(1 << 20)));
    return corpus;
  }

  private static String resource(String name) throws Exception {
    try (var in = FidelityIT.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException("not JSON: " + json, e);
    }
  }

  private static String abbreviate(JsonNode node) {
    String text = String.valueOf(node);
    return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
  }
}
