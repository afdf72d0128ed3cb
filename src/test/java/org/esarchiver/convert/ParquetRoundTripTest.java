package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.esarchiver.convert.ConvertFixtures.json;
import static org.esarchiver.convert.ConvertFixtures.mappingWith;
import static org.esarchiver.convert.ConvertFixtures.options;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.GenericDataSupplier;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes converted documents with AvroParquetWriter and reads them back with Parquet's own Group API. */
class ParquetRoundTripTest {

  private static final String MAPPING =
      """
      {"@timestamp": {"type": "date"}, "user-agent": {"type": "keyword"}, "status": {"type": "integer"},
       "latency_ms": {"type": "float"}, "tags": {"type": "keyword"}, "received": {"type": "date_nanos"},
       "host": {"properties": {"name": {"type": "keyword"}, "geo": {"type": "geo_point"}}},
       "comments": {"type": "nested", "properties": {"author": {"type": "keyword"}}},
       "labels": {"type": "flattened"}, "counter": {"type": "unsigned_long"}, "blob": {"type": "binary"},
       "vector": {"type": "dense_vector", "dims": 3}}
      """;

  private static final String FIRST_DOCUMENT =
      """
      {"@timestamp": "2019-03-01T10:15:30.123Z", "user-agent": "curl/8.5", "status": "200", "latency_ms": 12.5,
       "tags": ["web", "production"], "received": "2019-03-01T10:15:30.123456789Z",
       "host.name": "web-01", "host": {"geo": "52.52,13.405"},
       "comments": [{"author": "ann"}, {"author": "bob", "mood": "happy"}], "labels": {"env": "prod"},
       "counter": 18446744073709551615, "blob": "AAEC", "vector": [0.5, 1, -2], "referrer": "https://example.com"}
      """;

  @TempDir java.nio.file.Path directory;

  @Test
  void writesStandardListsStringsAndUtcTimestampsUnderOriginalNames() throws IOException {
    ArchiveSchema schema = ArchiveSchema.fromMapping("logs-1", mappingWith(MAPPING), options(false, "tags"));
    Path file = write(schema, "original-names.parquet");

    MessageType parquetSchema = parquetSchema(file);
    assertTimestamp(parquetSchema.getType("@timestamp"), TimeUnit.MILLIS);
    assertTimestamp(parquetSchema.getType("received"), TimeUnit.MICROS);
    assertThat(parquetSchema.getType("_id").isRepetition(Type.Repetition.REQUIRED)).isTrue();
    assertString(parquetSchema.getType("_id"));
    assertString(parquetSchema.getType("user-agent"));
    assertString(parquetSchema.getType("_overflow"));
    assertThat(parquetSchema.getType("_routing").isRepetition(Type.Repetition.OPTIONAL)).isTrue();
    GroupType labels = parquetSchema.getType("labels").asGroupType();
    assertThat(labels.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.mapType());
    GroupType keyValue = labels.getType("key_value").asGroupType();
    assertThat(keyValue.isRepetition(Type.Repetition.REPEATED)).isTrue();
    assertString(keyValue.getType("key"));
    assertString(keyValue.getType("value"));
    PrimitiveType counter = parquetSchema.getType("counter").asPrimitiveType();
    assertThat(counter.getPrimitiveTypeName()).isEqualTo(PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
    assertThat(counter.getTypeLength()).isEqualTo(9);
    assertThat(counter.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.decimalType(0, 20));
    assertThat(parquetSchema.getType("blob").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveType.PrimitiveTypeName.BINARY);
    assertThat(parquetSchema.getType("blob").getLogicalTypeAnnotation()).isNull();
    GroupType vector = parquetSchema.getType("vector").asGroupType();
    assertThat(vector.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
    assertThat(vector.getType("list").asGroupType().getType("element").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveType.PrimitiveTypeName.FLOAT);
    GroupType tags = parquetSchema.getType("tags").asGroupType();
    assertThat(tags.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
    GroupType tagsList = tags.getType("list").asGroupType();
    assertThat(tagsList.isRepetition(Type.Repetition.REPEATED)).isTrue();
    assertThat(tagsList.getType("element").isRepetition(Type.Repetition.REQUIRED)).isTrue();
    assertString(tagsList.getType("element"));
    GroupType comments = parquetSchema.getType("comments").asGroupType();
    assertThat(comments.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
    assertThat(comments.getType("list").asGroupType().getType("element").asGroupType().getFields())
        .extracting(Type::getName)
        .containsExactly("author", "_overflow");

    List<Group> rows = readGroups(file);
    assertThat(rows).hasSize(2);
    Group first = rows.get(0);
    assertThat(first.getString("_id", 0)).isEqualTo("doc-1");
    assertThat(first.getString("_index", 0)).isEqualTo("logs-1");
    assertThat(first.getLong("@timestamp", 0)).isEqualTo(Instant.parse("2019-03-01T10:15:30.123Z").toEpochMilli());
    assertThat(first.getLong("received", 0))
        .isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2019-03-01T10:15:30.123456Z")));
    assertThat(first.getString("user-agent", 0)).isEqualTo("curl/8.5");
    assertThat(first.getInteger("status", 0)).isEqualTo(200);
    assertThat(first.getFloat("latency_ms", 0)).isEqualTo(12.5f);
    assertThat(listElements(first.getGroup("tags", 0))).extracting(e -> e.getString("element", 0))
        .containsExactly("web", "production");
    Group host = first.getGroup("host", 0);
    assertThat(host.getString("name", 0)).isEqualTo("web-01");
    assertThat(host.getGroup("geo", 0).getDouble("lat", 0)).isEqualTo(52.52);
    assertThat(host.getGroup("geo", 0).getDouble("lon", 0)).isEqualTo(13.405);
    assertThat(listElements(first.getGroup("comments", 0)))
        .extracting(e -> e.getGroup("element", 0).getString("author", 0))
        .containsExactly("ann", "bob");
    Group label = first.getGroup("labels", 0).getGroup("key_value", 0);
    assertThat(label.getString("key", 0)).isEqualTo("env");
    assertThat(label.getString("value", 0)).isEqualTo("prod");
    assertThat(new BigInteger(first.getBinary("counter", 0).getBytes())).isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(first.getBinary("blob", 0).getBytes()).containsExactly(0, 1, 2);
    assertThat(first.getString("_overflow", 0))
        .isEqualTo("{\"referrer\":\"https://example.com\",\"received\":\"2019-03-01T10:15:30.123456789Z\"}");
    assertThat(listElements(first.getGroup("comments", 0)).get(1).getGroup("element", 0).getString("_overflow", 0))
        .isEqualTo("{\"mood\":\"happy\"}");

    Group second = rows.get(1);
    assertThat(second.getFieldRepetitionCount("status")).isZero();
    assertThat(second.getFieldRepetitionCount("host")).isZero();
    assertThat(listElements(second.getGroup("tags", 0))).extracting(e -> e.getString("element", 0))
        .containsExactly("single");
  }

  @Test
  void safeNamedFilesAlsoReadBackWithAvroParquetReader() throws IOException {
    ArchiveSchema schema = ArchiveSchema.fromMapping("logs-1", mappingWith(MAPPING), options(true, "tags"));
    Path file = write(schema, "safe-names.parquet");

    List<GenericRecord> records = new ArrayList<>();
    Configuration conf = configuration();
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(HadoopInputFile.fromPath(file, conf))
            .withDataModel(GenericData.get())
            .withConf(conf)
            .build()) {
      for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
        records.add(record);
      }
    }

    DocumentConverter converter = new DocumentConverter(schema);
    assertThat(records)
        .containsExactly(
            converter.convert("logs-1", "doc-1", json(FIRST_DOCUMENT)),
            converter.convert("logs-1", "doc-2", json("{\"tags\": \"single\"}")));
    assertThat(records.get(0).getSchema().getField("user_agent").getProp("es.name")).isEqualTo("user-agent");
  }

  /**
   * The archiver's files (written by its own ArchiveFileWriter) are byte for byte what parquet-avro's
   * AvroParquetWriter writes for the same records with the same settings: file schema, Avro schema metadata and every
   * value, for every column type of the hostile corpus and for the access-log mapping above.
   */
  @Test
  void theArchiveWriterWritesWhatParquetAvroWrites() throws IOException {
    ArchiveSchema hostile = HostileCorpus.schema();
    List<GenericData.Record> hostileRecords = new ArrayList<>();
    DocumentConverter hostileConverter = new DocumentConverter(hostile);
    for (com.fasterxml.jackson.databind.JsonNode hit : HostileCorpus.hits()) {
      hostileRecords.add(hostileConverter.convert(HostileCorpus.INDEX, hit.path("_id").asText(), hit.get("_source")));
    }
    ArchiveSchema logs = ArchiveSchema.fromMapping("logs-1", mappingWith(MAPPING), options(false, "tags"));
    DocumentConverter logsConverter = new DocumentConverter(logs);
    List<GenericData.Record> logRecords = List.of(
        logsConverter.convert("logs-1", "doc-1", json(FIRST_DOCUMENT)),
        logsConverter.convert("logs-1", "doc-2", json("{\"tags\": []}")),
        logsConverter.convert("logs-1", "doc-3", json("{\"labels\": {}, \"comments\": []}")));

    for (var set : List.of(java.util.Map.entry(hostile, hostileRecords), java.util.Map.entry(logs, logRecords))) {
      Path expected = new Path(directory.resolve("parquet-avro-" + set.getKey().fingerprint().substring(7, 15)
          + ".parquet").toUri());
      writeWithParquetAvro(expected, set.getKey(), set.getValue(), 1L << 20);
      Path actual = writeWithArchiver("/archive-" + set.getKey().fingerprint().substring(7, 15), set.getKey(),
          set.getValue(), 1L << 20);

      assertThat(parquetSchema(actual)).isEqualTo(parquetSchema(expected));
      assertThat(metadata(actual)).isEqualTo(metadata(expected));
      assertThat(readGroups(actual).stream().map(Group::toString).toList())
          .isEqualTo(readGroups(expected).stream().map(Group::toString).toList())
          .hasSize(set.getValue().size());
      assertThat(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(actual.toUri())))
          .isEqualTo(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(expected.toUri())));
    }
  }

  /**
   * Over many rows of random documents (nulls at every depth, empty and null-holding lists and maps, lists of objects
   * with lists inside, overflow) and several row groups, the archive writer writes parquet-avro's rows, with the same
   * statistics per column. Not byte for byte: parquet-avro holds back the nulls of absent groups until the group next
   * has a value, so its pages and row groups end a row or two away from the archive writer's (and a column may then
   * fall back from dictionary to plain encoding in another row group).
   */
  @Test
  void theArchiveWriterWritesParquetAvrosRowsOverRowGroups() throws IOException {
    java.util.Random random = new java.util.Random(6);
    for (String fixture : List.of("hostile.mapping.json", "all-types.mapping.json", "access-logs.mapping.json")) {
      com.fasterxml.jackson.databind.JsonNode mapping = ConvertFixtures.recordedMappings(fixture);
      ArchiveSchema schema = ArchiveSchema.fromMapping("random", mapping,
          new ConvertOptions(HostileCorpus.ARRAY_FIELDS, false));
      DocumentConverter converter = new DocumentConverter(schema);
      List<GenericData.Record> records = new ArrayList<>();
      double presence = Math.min(0.75, 6.0 / mapping.path("properties").size());
      for (int i = 0; i < 6_000; i++) {
        byte[] document = new RandomDocument(random, presence, i % 2 == 0 ? 0.0 : 0.1).of(mapping);
        records.add(converter.convert("random", "doc-" + i, i % 5 == 0 ? "r" + i : null, document, 0,
            document.length));
      }
      Path expected = new Path(directory.resolve("random-" + fixture + ".parquet").toUri());
      writeWithParquetAvro(expected, schema, records, 64L << 10);
      Path actual = writeWithArchiver("/random-" + fixture, schema, records, 64L << 10);

      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(actual, configuration()))) {
        assertThat(reader.getRowGroups()).as(fixture).hasSizeGreaterThan(2);
      }
      assertThat(readGroups(actual).stream().map(Group::toString).toList()).as(fixture)
          .isEqualTo(readGroups(expected).stream().map(Group::toString).toList())
          .hasSize(records.size());
      assertThat(statisticsOverRowGroups(actual)).as(fixture).isEqualTo(statisticsOverRowGroups(expected));
    }
  }

  /** What parquet-avro writes for the records, with the archiver's codec and size checks. */
  private static void writeWithParquetAvro(Path file, ArchiveSchema schema, List<GenericData.Record> records,
      long rowGroupBytes) throws IOException {
    Configuration conf = configuration();
    try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(
        HadoopOutputFile.fromPath(file, conf)).withSchema(schema.avroSchema()).withConf(conf)
        .withCompressionCodec(org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY)
        .withRowGroupSize(rowGroupBytes).withMinRowCountForPageSizeCheck(1).build()) {
      for (GenericData.Record record : records) {
        writer.write(record);
      }
    }
  }

  /** The file the archiver writes for the records, as one slice of a staged archive. */
  private Path writeWithArchiver(String partition, ArchiveSchema schema, List<GenericData.Record> records,
      long rowGroupBytes) throws IOException {
    Configuration conf = configuration();
    org.esarchiver.sink.StagedArchive staged = new org.esarchiver.sink.ArchiveSink(
        org.apache.hadoop.fs.FileSystem.getLocal(conf), conf, directory.toString())
        .stage(partition, "run1", new org.esarchiver.config.ParquetOptions(
            org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY, false, rowGroupBytes));
    org.esarchiver.sink.SliceFileWriter writer = staged.openSliceFile(0, 1, schema.avroSchema());
    records.forEach(writer::write);
    writer.close();
    return new Path(staged.directory(), "part-s000-a1.parquet");
  }

  /**
   * Strings streamed as their UTF-8 bytes (Utf8, kept by Parquet without a copy: dictionary entries, min and max) are
   * written as parquet-avro writes the tree's Strings: same values, same column statistics, dictionary-encoded alike.
   */
  @Test
  void streamedStringsAreWrittenAsTheTreesStrings() throws IOException {
    ArchiveSchema schema = ArchiveSchema.fromMapping("logs-1", mappingWith(
        "{\"host\": {\"type\": \"keyword\"}, \"message\": {\"type\": \"text\"}, \"tags\": {\"type\": \"keyword\"}}"),
        options(false, "tags"));
    String[] hosts = {"web-01", "caf\u00e9", "\u6771\u4eac", "\uD83D\uDE00", ""};
    DocumentConverter streaming = new DocumentConverter(schema);
    DocumentConverter tree = new DocumentConverter(schema);
    List<GenericData.Record> streamed = new ArrayList<>();
    List<GenericData.Record> fromTrees = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      String document = "{\"host\": \"" + hosts[i % hosts.length] + "\", \"message\": \"line " + i + " \u00e9\u00e8"
          + (i % 7 == 0 ? "\\\"quoted\\\"" : "") + "\", \"tags\": [\"t" + i % 3 + "\", \"\u00fc" + i % 11 + "\"]}";
      byte[] bytes = document.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      streamed.add(streaming.convert("logs-1", "doc-" + i, null, bytes, 0, bytes.length));
      fromTrees.add(tree.convert("logs-1", "doc-" + i, null, ConvertFixtures.EXACT_JSON.readTree(bytes)));
    }
    assertThat(streamed.get(1).get("host")).isInstanceOf(org.apache.avro.util.Utf8.class);

    Path expected = new Path(directory.resolve("strings-parquet-avro.parquet").toUri());
    writeWithParquetAvro(expected, schema, fromTrees, 1L << 20);
    Path actual = writeWithArchiver("/strings", schema, streamed, 1L << 20);

    assertThat(readGroups(actual).stream().map(Group::toString).toList())
        .isEqualTo(readGroups(expected).stream().map(Group::toString).toList())
        .hasSize(3_000);
    assertThat(columnChunks(actual)).isEqualTo(columnChunks(expected)).anyMatch(chunk -> chunk.contains("DICTIONARY"));
  }

  /** Per column chunk: its path, encodings and statistics (min, max, nulls). */
  private static List<String> columnChunks(Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, configuration()))) {
      return reader.getFooter().getBlocks().stream().flatMap(block -> block.getColumns().stream())
          .map(chunk -> chunk.getPath() + " " + chunk.getEncodings() + " " + chunk.getStatistics())
          .toList();
    }
  }

  /** Per column: its statistics (min, max, nulls) over all row groups. */
  private static java.util.Map<String, String> statisticsOverRowGroups(Path file) throws IOException {
    java.util.Map<String, org.apache.parquet.column.statistics.Statistics<?>> statistics = new java.util.TreeMap<>();
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, configuration()))) {
      for (var chunk : reader.getFooter().getBlocks().stream().flatMap(block -> block.getColumns().stream()).toList()) {
        statistics.computeIfAbsent(chunk.getPath().toDotString(), path -> org.apache.parquet.column.statistics
            .Statistics.createStats(chunk.getPrimitiveType())).mergeStatistics(chunk.getStatistics());
      }
    }
    java.util.Map<String, String> columns = new java.util.TreeMap<>();
    statistics.forEach((path, merged) -> columns.put(path, merged.toString()));
    return columns;
  }

  private static java.util.Map<String, String> metadata(Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, configuration()))) {
      return reader.getFooter().getFileMetaData().getKeyValueMetaData();
    }
  }

  @Test
  void configureSelectsStandardListsAndPlainGenericData() {
    Configuration conf = new Configuration(false);

    ParquetFormat.configure(conf);

    assertThat(conf.getBoolean("parquet.avro.write-old-list-structure", true)).isFalse();
    assertThat(conf.getBoolean("parquet.avro.add-list-element-records", true)).isFalse();
    assertThat(conf.get("parquet.avro.write.data.supplier")).isEqualTo(GenericDataSupplier.class.getName());
  }

  private Path write(ArchiveSchema schema, String fileName) throws IOException {
    DocumentConverter converter = new DocumentConverter(schema);
    Configuration conf = configuration();
    Path file = new Path(directory.resolve(fileName).toUri());
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(file, conf))
            .withSchema(schema.avroSchema())
            .withConf(conf)
            .build()) {
      writer.write(converter.convert("logs-1", "doc-1", json(FIRST_DOCUMENT)));
      writer.write(converter.convert("logs-1", "doc-2", json("{\"tags\": \"single\"}")));
    }
    return file;
  }

  private static Configuration configuration() {
    Configuration conf = new Configuration();
    ParquetFormat.configure(conf);
    return conf;
  }

  private static MessageType parquetSchema(Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, configuration()))) {
      return reader.getFooter().getFileMetaData().getSchema();
    }
  }

  private static List<Group> readGroups(Path file) throws IOException {
    List<Group> rows = new ArrayList<>();
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), file).withConf(configuration()).build()) {
      for (Group row = reader.read(); row != null; row = reader.read()) {
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<Group> listElements(Group list) {
    List<Group> elements = new ArrayList<>();
    for (int i = 0; i < list.getFieldRepetitionCount("list"); i++) {
      elements.add(list.getGroup("list", i));
    }
    return elements;
  }

  private static void assertTimestamp(Type column, TimeUnit unit) {
    assertThat(column.asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveType.PrimitiveTypeName.INT64);
    TimestampLogicalTypeAnnotation timestamp = (TimestampLogicalTypeAnnotation) column.getLogicalTypeAnnotation();
    assertThat(timestamp.isAdjustedToUTC()).isTrue();
    assertThat(timestamp.getUnit()).isEqualTo(unit);
  }

  private static void assertString(Type column) {
    assertThat(column.asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveType.PrimitiveTypeName.BINARY);
    assertThat(column.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
  }
}
