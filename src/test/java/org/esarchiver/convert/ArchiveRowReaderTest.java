package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.esarchiver.convert.ConvertFixtures.json;
import static org.esarchiver.convert.ConvertFixtures.mappingWith;
import static org.esarchiver.convert.ConvertFixtures.options;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveRowReaderTest {

  private static final String MAPPING =
      """
      {"@timestamp": {"type": "date"}, "user-agent": {"type": "keyword"}, "größe": {"type": "integer"},
       "名前": {"type": "keyword"}, "a b": {"type": "keyword"}, "tags": {"type": "keyword"},
       "labels": {"type": "flattened"}, "counter": {"type": "unsigned_long"}, "blob": {"type": "binary"},
       "vector": {"type": "dense_vector"}, "span": {"type": "long_range"},
       "comments": {"type": "nested", "properties": {"author": {"type": "keyword"}, "element": {"type": "keyword"}}},
       "single": {"type": "nested", "properties": {"element": {"type": "keyword"}}}}
      """;

  private static final List<String> DOCUMENTS =
      List.of(
          """
          {"@timestamp": "2024-05-17T10:15:30.123Z", "user-agent": "curl", "größe": 180, "名前": "山田", "a b": "c",
           "tags": ["x", "y"], "labels": {"env": "prod", "team": {"name": "core"}}, "counter": 18446744073709551615,
           "blob": "AAEC", "vector": [[1, 2], [3, 4]], "span": {"gte": 1, "lt": 9},
           "comments": [{"author": "ann", "element": "e", "extra": 1}, {"author": "bob"}],
           "single": [{"element": "only"}], "unmapped": {"a": [1, null]}}
          """,
          "{}",
          "{\"tags\": [], \"labels\": {}, \"comments\": []}");

  @TempDir java.nio.file.Path directory;

  @Test
  void readsRowsWithTheirOriginalNamesAsTheyWereWritten() throws IOException {
    ArchiveSchema schema = schema();
    List<GenericData.Record> written = convert(schema);
    Path file = write(schema, written, configuration(), "original.parquet");

    List<GenericRecord> rows = new ArrayList<>();
    long count = ArchiveRowReader.read(file, new Configuration(), rows::add);

    assertThat(count).isEqualTo(3);
    assertThat(rows).containsExactlyElementsOf(written);
    assertThat(rows.get(0).get("@timestamp")).isEqualTo(1715940930123L);
    assertThat(rows.get(0).get("größe")).isEqualTo(180);
    assertThat(rows.get(0).get("名前")).isEqualTo("山田");
    assertThat(ArchiveRowReader.readSchema(file, new Configuration())).isEqualTo(schema.avroSchema());
  }

  @Test
  void rowsReadBackRebuildTheirSource() throws IOException {
    ArchiveSchema schema = schema();
    Path file = write(schema, convert(schema), configuration(), "rebuild.parquet");

    try (ArchiveRowReader reader = ArchiveRowReader.open(file, new Configuration())) {
      SourceRebuilder rebuilder = SourceRebuilder.forAvroSchema(reader.schema());
      assertThat(reader.rowCount()).isEqualTo(3);
      for (String document : DOCUMENTS) {
        JsonNode rebuilt = rebuilder.rebuild(reader.read());
        assertThat(SourceEquivalence.differences(json(document), rebuilt, schema)).isEmpty();
      }
      assertThat(reader.read()).isNull();
    }
  }

  @Test
  void readsAcrossRowGroupsAndStopsWhereTheCallerStops() throws IOException {
    ArchiveSchema schema = schema();
    DocumentConverter converter = new DocumentConverter(schema);
    List<GenericData.Record> written = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      written.add(converter.convert("i", "doc-" + i, json("{\"user-agent\": \"agent " + "x".repeat(i % 50) + "\"}")));
    }
    Configuration conf = configuration();
    conf.setInt("parquet.block.size", 16 * 1024);
    Path file = write(schema, written, conf, "row-groups.parquet");

    List<GenericRecord> rows = new ArrayList<>();
    ArchiveRowReader.read(file, new Configuration(), rows::add);
    List<String> firstTen = new ArrayList<>();
    try (ArchiveRowReader reader = ArchiveRowReader.open(file, new Configuration())) {
      for (GenericRecord row = reader.read(); row != null && firstTen.size() < 10; row = reader.read()) {
        firstTen.add(row.get("_id").toString());
      }
    }

    assertThat(rows).containsExactlyElementsOf(written);
    assertThat(firstTen).containsExactly("doc-0", "doc-1", "doc-2", "doc-3", "doc-4", "doc-5", "doc-6", "doc-7",
        "doc-8", "doc-9");
  }

  @Test
  void readsLegacyTwoLevelLists() throws IOException {
    ArchiveSchema schema = schema();
    List<GenericData.Record> written = convert(schema);
    Configuration legacy = new Configuration();
    legacy.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, true);
    Path file = write(schema, written, legacy, "legacy.parquet");

    List<GenericRecord> rows = new ArrayList<>();
    ArchiveRowReader.read(file, new Configuration(), rows::add);

    assertThat(rows).containsExactlyElementsOf(written);
  }

  @Test
  void avroParquetReaderCannotReadOriginalNamesWhichIsWhyThisReaderExists() throws IOException {
    ArchiveSchema schema = schema();
    Path file = write(schema, convert(schema), configuration(), "avro-reader.parquet");

    assertThatThrownBy(
            () -> {
              try (ParquetReader<GenericRecord> reader =
                  AvroParquetReader.<GenericRecord>builder(HadoopInputFile.fromPath(file, new Configuration()))
                      .build()) {
                reader.read();
              }
            })
        .hasStackTraceContaining("@timestamp");
  }

  @Test
  void filesNotWrittenWithAnAvroSchemaAreRejected() throws IOException {
    Schema plain = SchemaBuilder.record("Plain").fields().requiredString("a").endRecord();
    Path file = new Path(directory.resolve("plain.parquet").toUri());
    Configuration conf = new Configuration();
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(file, conf))
            .withSchema(plain)
            .withConf(conf)
            .build()) {
      GenericData.Record record = new GenericData.Record(plain);
      record.put(0, "x");
      writer.write(record);
    }

    assertThat(ArchiveRowReader.readSchema(file, conf)).isEqualTo(plain);
    assertThatThrownBy(() -> ArchiveSchema.fromAvroSchema(plain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an es-archiver archive schema");
  }

  private static ArchiveSchema schema() {
    return ArchiveSchema.fromMapping("i", mappingWith(MAPPING), options(false, "tags", "vector"));
  }

  private static List<GenericData.Record> convert(ArchiveSchema schema) {
    DocumentConverter converter = new DocumentConverter(schema);
    List<GenericData.Record> records = new ArrayList<>();
    for (int i = 0; i < DOCUMENTS.size(); i++) {
      records.add(converter.convert("i", "doc-" + i, i == 0 ? "r1" : null, json(DOCUMENTS.get(i))));
    }
    return records;
  }

  private static Configuration configuration() {
    Configuration conf = new Configuration();
    ParquetFormat.configure(conf);
    return conf;
  }

  private Path write(ArchiveSchema schema, List<GenericData.Record> records, Configuration conf, String name)
      throws IOException {
    Path file = new Path(directory.resolve(name).toUri());
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(file, conf))
            .withSchema(schema.avroSchema())
            .withConf(conf)
            .build()) {
      for (GenericData.Record record : records) {
        writer.write(record);
      }
    }
    return file;
  }
}
