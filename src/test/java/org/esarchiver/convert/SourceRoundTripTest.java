package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The invariant: every document of the hostile corpus, converted, written to Parquet, read back and rebuilt, equals
 * its original {@code _source} as {@link SourceEquivalence} compares them.
 */
class SourceRoundTripTest {

  @TempDir java.nio.file.Path directory;

  @ParameterizedTest(name = "avroSafeNames={0}")
  @ValueSource(booleans = {false, true})
  void everyHostileDocumentRebuildsFromItsParquetRow(boolean safeNames) throws IOException {
    ArchiveSchema schema =
        HostileCorpus.schema(new ConvertOptions(HostileCorpus.ARRAY_FIELDS, safeNames).withKeepSource(true));
    Map<String, JsonNode> hits = hitsById();
    Path file = write(schema, hits.values(), "hostile-" + safeNames + ".parquet");

    List<GenericRecord> rows = new ArrayList<>();
    long count = ArchiveRowReader.read(file, new Configuration(), rows::add);
    ArchiveSchema fileSchema = ArchiveSchema.fromAvroSchema(ArchiveRowReader.readSchema(file, new Configuration()));
    SourceRebuilder rebuilder = new SourceRebuilder(fileSchema);

    assertThat(count).isEqualTo(hits.size());
    assertThat(fileSchema.fingerprint()).isEqualTo(schema.fingerprint());
    for (GenericRecord row : rows) {
      String id = row.get("_id").toString();
      JsonNode original = hits.get(id).get("_source");
      JsonNode rebuilt = rebuilder.rebuild(row);
      assertThat(SourceEquivalence.differences(original, rebuilt, schema)).as("document %s: %s", id, rebuilt).isEmpty();
      assertThat(ConvertFixtures.json(row.get("_source").toString())).as(id).isEqualTo(original);
      assertThat(rebuilder.rebuildHit(row).path("_routing").asText(null))
          .isEqualTo(hits.get(id).path("_routing").asText(null));
    }
  }

  @ParameterizedTest(name = "decimals parsed as BigDecimal: {0}")
  @ValueSource(booleans = {false, true})
  void everyHostileDocumentRebuildsFromItsRecordInMemory(boolean exactDecimals) {
    ArchiveSchema schema = HostileCorpus.schema();
    DocumentConverter converter = new DocumentConverter(schema);
    SourceRebuilder rebuilder = new SourceRebuilder(schema);

    for (JsonNode hit : HostileCorpus.hits(exactDecimals ? ConvertFixtures.EXACT_JSON : ConvertFixtures.JSON)) {
      String id = hit.get("_id").asText();
      GenericData.Record row = converter.convert(HostileCorpus.INDEX, id, hit.get("_source"));
      JsonNode rebuilt = rebuilder.rebuild(row);
      assertThat(SourceEquivalence.differences(hit.get("_source"), rebuilt, schema))
          .as("document %s: %s", id, rebuilt)
          .isEmpty();
      assertThat(GenericData.get().validate(schema.avroSchema(), row)).as(id).isTrue();
    }
    assertThat(converter.documents()).isEqualTo(HostileCorpus.hits().size());
    assertThat(converter.overflowDocuments()).isPositive();
  }

  @Test
  void withoutArrayFieldsEveryListGoesToOverflowAndStillRebuilds() {
    ArchiveSchema schema = HostileCorpus.schema(new ConvertOptions(Set.of(), false));
    DocumentConverter converter = new DocumentConverter(schema);
    SourceRebuilder rebuilder = new SourceRebuilder(schema);

    for (JsonNode hit : HostileCorpus.hits()) {
      JsonNode rebuilt = rebuilder.rebuild(converter.convert("i", hit.get("_id").asText(), hit.get("_source")));
      assertThat(SourceEquivalence.differences(hit.get("_source"), rebuilt, schema))
          .as(hit.get("_id").asText())
          .isEmpty();
    }
  }

  private static Map<String, JsonNode> hitsById() {
    Map<String, JsonNode> hits = new LinkedHashMap<>();
    HostileCorpus.hits().forEach(hit -> hits.put(hit.get("_id").asText(), hit));
    return hits;
  }

  private Path write(ArchiveSchema schema, Iterable<JsonNode> hits, String name) throws IOException {
    Configuration conf = new Configuration();
    ParquetFormat.configure(conf);
    Path file = new Path(directory.resolve(name).toUri());
    DocumentConverter converter = new DocumentConverter(schema);
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(file, conf))
            .withSchema(schema.avroSchema())
            .withConf(conf)
            .build()) {
      for (JsonNode hit : hits) {
        writer.write(
            converter.convert(
                HostileCorpus.INDEX, hit.get("_id").asText(), hit.path("_routing").asText(null), hit.get("_source")));
      }
    }
    return file;
  }
}
