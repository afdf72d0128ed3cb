package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.esarchiver.convert.ArchiveRowReader;
import org.esarchiver.convert.ArchiveSchema;
import org.esarchiver.convert.SourceEquivalence;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents at the edges of what Elasticsearch takes, indexed into real indices and archived by one run: a 10 MB
 * document, 100 levels of objects, 10,000 fields, strings with invalid surrogate pairs, numbers beyond 64 bits (in
 * long, double, float and unmapped fields: unsigned_long is an x-pack type, not in the test distribution). Every
 * index is archived, every document's row is there, and its _source, rebuilt by {@code cat} from the typed columns and
 * {@code _overflow}, equals the source Elasticsearch returns.
 *
 * <p>Elasticsearch itself refuses some of these with its default settings (checked here too): more than 1,000 mapped
 * fields ({@code index.mapping.total_fields.limit}) and objects deeper than 20 ({@code index.mapping.depth.limit}); the
 * indices below raise both. A long beyond 64 bits and a double beyond its range are refused unless the field has
 * {@code ignore_malformed}: then the document is kept with the value in _source only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileDocumentsIT {
  /** Reads numbers with every digit, as the archiver does. */
  private static final ObjectMapper EXACT = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
  /** Writes lone surrogates as \\uXXXX escapes: the only way to send them in a UTF-8 request. */
  private static final ObjectWriter ESCAPING = new ObjectMapper().writer()
      .with(JsonWriteFeature.ESCAPE_NON_ASCII);
  private static final int DEPTH = 100;
  private static final int FIELDS = 10_000;
  private static final BigInteger TWO_TO_64 = BigInteger.TWO.pow(64);

  @TempDir
  static Path dir;

  private final LocalDate date = LocalDate.now(ZoneOffset.UTC).minusDays(30);
  private final String suffix = date.format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
  private LocalStack stack;
  private CliHarness cli;
  private CliHarness.Result run;

  @BeforeAll
  void indexAndArchive() throws Exception {
    stack = LocalStack.shared();
    cli = new CliHarness(stack, dir, "it-hostile");
    createIndex("big", "{}", """
        {"properties": {"message": {"type": "text"}, "parts": {"type": "text"}, "kw": {"type": "keyword"}}}""");
    index("big", Map.of("ten-megabytes", tenMegabytes(), "small", EXACT.createObjectNode().put("kw", "small")));
    createIndex("deep", "{\"mapping.depth.limit\": " + (DEPTH + 10) + "}", "{}");
    index("deep", Map.of("objects", deepObjects(false), "dotted", deepObjects(true), "arrays", deepArrays()));
    createIndex("wide", "{\"mapping.total_fields.limit\": " + (FIELDS + 100) + "}", wideMapping());
    Map<String, JsonNode> wide = new LinkedHashMap<>();
    for (int doc = 0; doc < 20; doc++) {
      wide.put("wide-" + doc, wideDocument(doc));
    }
    index("wide", wide);
    createIndex("strings", "{}", """
        {"properties": {"kw": {"type": "keyword"}, "txt": {"type": "text"}, "tags": {"type": "keyword"},
                        "loose": {"type": "object", "enabled": false}}}""");
    index("strings", surrogates());
    createIndex("numbers", "{}", """
        {"properties": {"l": {"type": "long", "ignore_malformed": true},
                        "d": {"type": "double", "ignore_malformed": true},
                        "f": {"type": "float"},
                        "loose": {"type": "object", "enabled": false}}}""");
    index("numbers", bigNumbers());
    cli.job("hostile", """
        indices: ["hostile-*"]
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        destination: /it-hostile/{index}
        scroll: {batch_size: 10}
        """);
    run = cli.cli("run", "hostile");
  }

  @AfterAll
  void close() throws Exception {
    cli.close();
  }

  @Test
  void elasticsearchRefusesTheseShapesWithItsDefaultLimits() throws Exception {
    String index = "hostile-limits-" + suffix;
    cli.cluster().createIndex(index, 1, "{}");
    JsonNode deep = bulk(index, Map.of("deep", deepObjects(false)));
    assertThat(deep.toString()).contains("Limit of mapping depth [20]");
    JsonNode wide = bulk(index, Map.of("wide", wideDocument(0)));
    assertThat(wide.toString()).contains("Limit of total fields [1000]");
    // Dynamic mapping makes an integer a long: one beyond 64 bits is refused.
    JsonNode bigLong = bulk(index, Map.of("long", EXACT.createObjectNode().put("m", TWO_TO_64)));
    assertThat(bigLong.path("items").get(0).path("index").path("status").asInt()).as(bigLong.toString())
        .isEqualTo(400);
    assertThat(bigLong.toString()).contains("out of range of long");
    cli.es("DELETE", "/" + index, null);
  }

  @Test
  void everyIndexIsArchivedInOneRun() {
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    for (String name : List.of("big", "deep", "wide", "strings", "numbers")) {
      assertThat(run.out()).containsPattern("hostile-" + name + "-" + suffix.replace(".", "\\.") + "\\s+archived");
    }
  }

  @Test
  void aTenMegabyteDocumentIsKeptWhole() throws Exception {
    assertRebuiltSourcesEqualElasticsearch("big", 2);
    Group row = row("big", "ten-megabytes");
    assertThat(ParquetRows.string(row, "message")).hasSize(6 << 20);
    assertThat(ParquetRows.stringList(row, "parts")).as("a list column: several values").hasSize(400);
  }

  @Test
  void aHundredLevelsOfObjectsAreColumnsOrOverflow() throws Exception {
    assertRebuiltSourcesEqualElasticsearch("deep", 3);
    Group level = row("deep", "objects");
    for (int depth = 1; depth < DEPTH; depth++) {
      assertThat(ParquetRows.longValue(level, "n")).isEqualTo(depth);
      level = ParquetRows.group(level, "l" + depth);
    }
    assertThat(ParquetRows.string(level, "bottom")).isEqualTo("reached");
  }

  @Test
  void tenThousandFieldsAreTenThousandColumns() throws Exception {
    assertRebuiltSourcesEqualElasticsearch("wide", 20);
    Group row = row("wide", "wide-7");
    assertThat(row.getType().getFieldCount()).isGreaterThanOrEqualTo(FIELDS);
    assertThat(ParquetRows.longValue(row, "n0042")).isEqualTo(7 * FIELDS + 42);
    assertThat(ParquetRows.string(row, "k4999")).isEqualTo("v7-4999");
  }

  @Test
  void invalidSurrogatePairsSurviveTheRoundTrip() throws Exception {
    Map<String, JsonNode> rebuilt = assertRebuiltSourcesEqualElasticsearch("strings", surrogates().size());
    assertThat(rebuilt.get("lone-high").path("kw").textValue()).isEqualTo("a\uD800b");
    assertThat(rebuilt.get("reversed").path("kw").textValue()).isEqualTo("\uDC00\uD800");
    assertThat(rebuilt.get("in-a-list").path("tags").get(1).textValue()).isEqualTo("x\uDBFF");
    assertThat(rebuilt.get("lone-high").path("loose").path("k\uD800ey").textValue()).isEqualTo("\uDC00");
    assertThat(ParquetRows.string(row("strings", "valid-pair"), "kw")).isEqualTo("\uD83D\uDE00");
  }

  @Test
  void numbersBeyondSixtyFourBitsKeepEveryDigit() throws Exception {
    Map<String, JsonNode> rebuilt = assertRebuiltSourcesEqualElasticsearch("numbers", bigNumbers().size());
    assertThat(rebuilt.get("long-overflow").path("l").bigIntegerValue()).isEqualTo(TWO_TO_64.add(BigInteger.ONE));
    assertThat(rebuilt.get("double-digits").path("d").decimalValue())
        .isEqualByComparingTo(new BigDecimal("123456789012345678901234567890"));
    assertThat(rebuilt.get("unmapped").path("loose").path("big").bigIntegerValue())
        .isEqualTo(BigInteger.TWO.pow(100));
    assertThat(rebuilt.get("unmapped").path("loose").path("huge").decimalValue())
        .isEqualByComparingTo(new BigDecimal("1e400"));

    Group doubleDigits = row("numbers", "double-digits");
    assertThat(ParquetRows.doubleValue(doubleDigits, "d")).as("the double Elasticsearch indexes")
        .isEqualTo(1.2345678901234568E29);
    assertThat(EXACT.readTree(ParquetRows.string(doubleDigits, "_overflow")).path("d").bigIntegerValue())
        .as("and every digit of the source").isEqualTo(new BigInteger("123456789012345678901234567890"));
    Group longOverflow = row("numbers", "long-overflow");
    assertThat(ParquetRows.longValue(longOverflow, "l")).as("does not fit the long column").isNull();
    assertThat(EXACT.readTree(ParquetRows.string(longOverflow, "_overflow")).path("l").bigIntegerValue())
        .isEqualTo(TWO_TO_64.add(BigInteger.ONE));
    Group small = row("numbers", "long-in-range");
    assertThat(ParquetRows.longValue(small, "l")).isEqualTo(Long.MAX_VALUE);
    assertThat(small.getFieldRepetitionCount("_overflow")).isZero();
  }

  /**
   * Rebuilds every document of the index with {@code cat} and compares it with the _source Elasticsearch returns;
   * returns the rebuilt sources by id.
   */
  private Map<String, JsonNode> assertRebuiltSourcesEqualElasticsearch(String name, int documents) throws Exception {
    String index = "hostile-" + name + "-" + suffix;
    CliHarness.Result cat = cli.cli("cat", "/it-hostile/" + index);
    assertThat(cat.code()).as(cat.err()).isZero();
    Map<String, JsonNode> rebuilt = new HashMap<>();
    new BufferedReader(new StringReader(cat.out())).lines().forEach(line -> {
      JsonNode hit = parse(line);
      rebuilt.put(hit.path("_id").textValue(), hit.path("_source"));
    });
    assertThat(rebuilt).hasSize(documents);
    try (FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
      var files = hdfs.listStatus(new org.apache.hadoop.fs.Path("/it-hostile/" + index),
          p -> p.getName().endsWith(".parquet"));
      ArchiveSchema schema = ArchiveSchema.fromAvroSchema(
          ArchiveRowReader.readSchema(files[0].getPath(), stack.hadoopConfiguration()));
      for (Map.Entry<String, JsonNode> doc : rebuilt.entrySet()) {
        assertThat(SourceEquivalence.differences(sourceOf(index, doc.getKey()), doc.getValue(), schema))
            .as("document %s of %s", doc.getKey(), index).isEmpty();
      }
    }
    return rebuilt;
  }

  /** The document's _source as Elasticsearch returns it, numbers with every digit. */
  private JsonNode sourceOf(String index, String id) throws Exception {
    return EXACT.readTree(cli.esText("GET", "/" + index + "/_doc/" + id, null)).path("_source");
  }

  private Group row(String name, String id) throws Exception {
    try (FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
      for (Group row : ParquetRows.readPartition(hdfs, stack.hadoopConfiguration(),
          new org.apache.hadoop.fs.Path("/it-hostile/hostile-" + name + "-" + suffix))) {
        if (id.equals(ParquetRows.string(row, "_id"))) {
          return row;
        }
      }
    }
    throw new AssertionError("no row " + id + " in hostile-" + name);
  }

  private void createIndex(String name, String settings, String mappings) {
    JsonNode created = cli.es("PUT", "/hostile-" + name + "-" + suffix, """
        {"settings": {"number_of_shards": 1, "number_of_replicas": 0, "index": %s}, "mappings": %s}"""
        .formatted(settings, mappings));
    assertThat(created.path("acknowledged").asBoolean()).as(created.toString()).isTrue();
  }

  private void index(String name, Map<String, JsonNode> documents) throws Exception {
    JsonNode response = bulk("hostile-" + name + "-" + suffix, documents);
    assertThat(response.path("errors").asBoolean()).as(abbreviate(response.toString())).isFalse();
    cli.es("POST", "/hostile-" + name + "-" + suffix + "/_refresh", null);
  }

  private JsonNode bulk(String index, Map<String, JsonNode> documents) throws Exception {
    StringBuilder ndjson = new StringBuilder();
    for (Map.Entry<String, JsonNode> doc : documents.entrySet()) {
      ndjson.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(doc.getKey())
          .append("\"}}\n").append(ESCAPING.writeValueAsString(doc.getValue())).append('\n');
    }
    return cli.es("POST", "/_bulk", ndjson.toString());
  }

  /** 6 MB of message, 400 parts of 10 KB: about 10 MB of JSON. */
  private static JsonNode tenMegabytes() {
    ObjectNode source = EXACT.createObjectNode().put("kw", "big");
    source.put("message", "m".repeat(6 << 20));
    ArrayNode parts = source.putArray("parts");
    for (int i = 0; i < 400; i++) {
      parts.add(String.valueOf((char) ('a' + i % 26)).repeat(10 * 1024));
    }
    return source;
  }

  /** Objects {@code l1.l2...l99} with a number {@code n} at every level and a string at the bottom. */
  private static JsonNode deepObjects(boolean dotted) {
    ObjectNode source = EXACT.createObjectNode();
    if (dotted) {
      StringBuilder path = new StringBuilder();
      for (int depth = 1; depth < DEPTH; depth++) {
        path.append(depth == 1 ? "" : ".").append("l").append(depth);
        source.put(path + ".n", depth + 1);
      }
      source.put(path + ".bottom", "dotted");
      return source;
    }
    ObjectNode level = source;
    for (int depth = 1; depth < DEPTH; depth++) {
      level.put("n", depth);
      level = level.putObject("l" + depth);
    }
    level.put("bottom", "reached");
    return source;
  }

  /** 100 levels of arrays in a field of its own: Elasticsearch flattens them; the archive keeps them in overflow. */
  private static JsonNode deepArrays() {
    ObjectNode source = EXACT.createObjectNode().put("n", 0);
    ArrayNode level = source.putArray("arrays");
    for (int depth = 0; depth < DEPTH; depth++) {
      level.add(depth);
      level = level.addArray();
    }
    level.add(DEPTH);
    return source;
  }

  private static String wideMapping() {
    ObjectNode properties = EXACT.createObjectNode();
    for (int i = 0; i < FIELDS / 2; i++) {
      properties.putObject(String.format("n%04d", i)).put("type", "long");
      properties.putObject(String.format("k%04d", i)).put("type", "keyword");
    }
    return "{\"properties\": " + properties + "}";
  }

  private static JsonNode wideDocument(int doc) {
    ObjectNode source = EXACT.createObjectNode();
    for (int i = 0; i < FIELDS / 2; i++) {
      source.put(String.format("n%04d", i), (long) doc * FIELDS + i);
      source.put(String.format("k%04d", i), "v" + doc + "-" + i);
    }
    return source;
  }

  /** Lone high and low surrogates, a reversed pair, one in a list, in an unmapped key; and a valid pair. */
  private static Map<String, JsonNode> surrogates() {
    Map<String, JsonNode> docs = new LinkedHashMap<>();
    ObjectNode loneHigh = EXACT.createObjectNode().put("kw", "a\uD800b").put("txt", "ends with \uD800");
    loneHigh.putObject("loose").put("k\uD800ey", "\uDC00");
    docs.put("lone-high", loneHigh);
    docs.put("lone-low", EXACT.createObjectNode().put("kw", "\uDC00").put("txt", "\uDFFFstarts"));
    docs.put("reversed", EXACT.createObjectNode().put("kw", "\uDC00\uD800"));
    ObjectNode inList = EXACT.createObjectNode();
    inList.putArray("tags").add("ok").add("x\uDBFF");
    docs.put("in-a-list", inList);
    docs.put("valid-pair", EXACT.createObjectNode().put("kw", "\uD83D\uDE00").put("txt", "smile \uD83D\uDE00"));
    return docs;
  }

  private static Map<String, JsonNode> bigNumbers() {
    Map<String, JsonNode> docs = new LinkedHashMap<>();
    docs.put("long-overflow", EXACT.createObjectNode().put("l", TWO_TO_64.add(BigInteger.ONE)));
    docs.put("long-underflow", EXACT.createObjectNode()
        .put("l", BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE)));
    docs.put("long-in-range", EXACT.createObjectNode().put("l", Long.MAX_VALUE));
    docs.put("double-infinite", EXACT.createObjectNode().put("d", new BigDecimal("1e400")));
    docs.put("double-digits", EXACT.createObjectNode().put("d", new BigInteger("123456789012345678901234567890")));
    docs.put("double-fraction", EXACT.createObjectNode().put("d", new BigDecimal("0.1000000000000000000000000001")));
    docs.put("float-digits", EXACT.createObjectNode().put("f", new BigDecimal("3.14159265358979323846")));
    ObjectNode unmapped = EXACT.createObjectNode();
    unmapped.putObject("loose").put("big", BigInteger.TWO.pow(100)).put("negative", BigInteger.TWO.pow(100).negate())
        .put("huge", new BigDecimal("1e400")).put("precise", new BigDecimal("3.14159265358979323846264338327950288"));
    docs.put("unmapped", unmapped);
    return docs;
  }

  private static JsonNode parse(String json) {
    try {
      return EXACT.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException("not JSON: " + abbreviate(json), e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
  }
}
