package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.esarchiver.convert.ConvertFixtures.accessLogSchema;
import static org.esarchiver.convert.ConvertFixtures.json;
import static org.esarchiver.convert.ConvertFixtures.mappingWith;
import static org.esarchiver.convert.ConvertFixtures.options;
import static org.esarchiver.convert.ConvertFixtures.recordedMappings;
import static org.esarchiver.convert.ConvertFixtures.schema;
import static org.esarchiver.convert.ConvertFixtures.valueType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchiveSchemaTest {

  private static final String STRING = "{\"type\":\"string\",\"avro.java.string\":\"String\"}";

  private final ArchiveSchema allTypesSchema =
      ArchiveSchema.fromMapping("all-types-000001", recordedMappings("all-types.mapping.json"), options(false));
  private final Schema allTypes = allTypesSchema.avroSchema();

  @Test
  void documentRecordHasMetadataColumnsAroundTheMappedFieldsInMappingOrder() {
    ArchiveSchema schema = accessLogSchema();

    assertThat(schema.avroSchema().getFullName()).isEqualTo("org.esarchiver.archive.Document");
    assertThat(schema.columnNames())
        .containsExactly(
            "_id", "_index", "_routing", "@timestamp", "bytes", "client", "host", "latency_ms", "message", "status",
            "tags", "url", "user_agent", "_overflow");
    assertThat(schema.avroSchema().getField("_id").schema().toString()).isEqualTo(STRING);
    assertThat(schema.avroSchema().getField("_index").schema().toString()).isEqualTo(STRING);
    assertThat(schema.avroSchema().getField("_routing").schema().toString()).isEqualTo("[\"null\"," + STRING + "]");
    assertThat(schema.avroSchema().getField("_overflow").schema().toString()).isEqualTo("[\"null\"," + STRING + "]");
    assertThat(schema.avroSchema().getField("_overflow").getProp("es.meta")).isEqualTo("overflow");
    assertThat(schema.keepsSource()).isFalse();
  }

  @Test
  void keepSourceAddsASourceColumnAtTheEnd() {
    ArchiveSchema schema =
        ArchiveSchema.fromMapping(
            "i", mappingWith("{\"a\": {\"type\": \"keyword\"}}"), options(false).withKeepSource(true));

    assertThat(schema.columnNames()).containsExactly("_id", "_index", "_routing", "a", "_overflow", "_source");
    assertThat(schema.keepsSource()).isTrue();
    assertThat(schema.fingerprint()).isNotEqualTo(schema("{\"a\": {\"type\": \"keyword\"}}").fingerprint());
  }

  @Test
  void everyMappedFieldIsNullableWithNullDefault() {
    for (Schema.Field field : allTypes.getFields().subList(2, allTypes.getFields().size())) {
      assertThat(field.schema().getType()).as(field.name()).isEqualTo(Schema.Type.UNION);
      assertThat(field.schema().getTypes().get(0).getType()).as(field.name()).isEqualTo(Schema.Type.NULL);
      assertThat(field.hasDefaultValue()).as(field.name()).isTrue();
      assertThat(field.defaultVal()).as(field.name()).isEqualTo(JsonProperties.NULL_VALUE);
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          keyword_field            | STRING
          text_field               | STRING
          ip_field                 | STRING
          version_field            | STRING
          wildcard_field           | STRING
          constant_keyword_field   | STRING
          match_only_text_field    | STRING
          search_as_you_type_field | STRING
          token_count_field        | STRING
          semantic_text_field      | STRING
          long_field               | "long"
          integer_field            | "int"
          short_field              | "int"
          byte_field               | "int"
          unsigned_long_field      | {"type":"fixed","name":"UnsignedLong","namespace":"org.esarchiver.archive","size":9,"logicalType":"decimal","precision":20,"scale":0}
          float_field              | "float"
          half_float_field         | "float"
          rank_feature_field       | "float"
          double_field             | "double"
          scaled_float_field       | "double"
          boolean_field            | "boolean"
          date_field               | {"type":"long","logicalType":"timestamp-millis"}
          date_nanos_field         | {"type":"long","logicalType":"timestamp-micros"}
          binary_field             | "bytes"
          flattened_field          | {"type":"map","values":STRING,"avro.java.string":"String"}
          rank_features_field      | {"type":"map","values":"float","avro.java.string":"String"}
          sparse_vector_field      | {"type":"map","values":"float","avro.java.string":"String"}
          dense_vector_field       | {"type":"array","items":"float"}
          geo_shape_field          | STRING
          shape_field              | STRING
          point_field              | STRING
          completion_field         | STRING
          percolator_field         | STRING
          future_field             | STRING
          """)
  void mapsElasticsearchTypeToAvroType(String field, String expectedType) {
    String expected = expectedType.equals("STRING") ? STRING : expectedType.replace("STRING", STRING);

    assertThat(valueType(allTypes.getField(field)).toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          geo_point_field        | lat:double lon:double
          integer_range_field    | gte:int gt:int lte:int lt:int
          long_range_field       | gte:long gt:long lte:long lt:long
          float_range_field      | gte:float gt:float lte:float lt:float
          double_range_field     | gte:double gt:double lte:double lt:double
          date_range_field       | gte:long gt:long lte:long lt:long
          ip_range_field         | gte:string gt:string lte:string lt:string cidr:string
          histogram_field        | values:array counts:array
          aggregate_metric_field | min:double max:double sum:double value_count:long
          join_field             | name:string parent:string
          """)
  void mapsStructuredTypesToRecords(String field, String expectedFields) {
    Schema record = valueType(allTypes.getField(field));

    assertThat(record.getType()).isEqualTo(Schema.Type.RECORD);
    assertThat(record.getFields())
        .extracting(f -> f.name() + ":" + AvroSchemaNonNull.of(f.schema()).getType().getName())
        .containsExactly(expectedFields.split(" "));
  }

  @Test
  void rangeBoundsAreTypedLikeTheirFields() {
    Schema dates = valueType(allTypes.getField("date_range_field"));
    Schema histogram = valueType(allTypes.getField("histogram_field"));

    assertThat(AvroSchemaNonNull.of(dates.getField("gte").schema()).getLogicalType().getName())
        .isEqualTo("timestamp-millis");
    assertThat(allTypes.getField("date_range_field").getProp("es.format")).isEqualTo("yyyy-MM-dd||epoch_millis");
    assertThat(histogram.getField("values").schema().getElementType().getType()).isEqualTo(Schema.Type.DOUBLE);
    assertThat(histogram.getField("counts").schema().getElementType().getType()).isEqualTo(Schema.Type.LONG);
  }

  @Test
  void unsignedLongTypeIsDefinedOnceAndReferencedByName() {
    ArchiveSchema schema =
        schema("{\"a\": {\"type\": \"unsigned_long\"}, \"b\": {\"type\": \"unsigned_long\"}}", "b");

    assertThat(valueType(schema.avroSchema().getField("a")).getFullName())
        .isEqualTo("org.esarchiver.archive.UnsignedLong");
    assertThat(valueType(schema.avroSchema().getField("b")).getElementType())
        .isSameAs(valueType(schema.avroSchema().getField("a")));
  }

  @Test
  void recordsTheMappingTypeAndDateFormatOfEveryColumn() {
    assertThat(allTypes.getField("scaled_float_field").getProp("es.type")).isEqualTo("scaled_float");
    assertThat(allTypes.getField("object_field").getProp("es.type")).isEqualTo("object");
    assertThat(allTypes.getField("passthrough_field").getProp("es.type")).isEqualTo("passthrough");
    assertThat(allTypes.getField("future_field").getProp("es.type")).isEqualTo("some_type_from_elasticsearch_12");
    assertThat(allTypes.getField("date_field").getProp("es.format"))
        .isEqualTo("strict_date_optional_time||epoch_millis");
    assertThat(allTypes.getField("date_nanos_field").getProp("es.format"))
        .isEqualTo("strict_date_optional_time_nanos||epoch_millis");
    assertThat(allTypes.getField("keyword_field").getProp("es.format")).isNull();
    assertThat(allTypes.getField("_id").getProp("es.type")).isNull();
    assertThat(allTypes.getField("_id").getProp("es.meta")).isEqualTo("id");
  }

  @Test
  void disabledObjectsAndObjectsWithoutSubFieldsGetNoColumn() {
    assertThat(allTypes.getField("disabled_object_field")).isNull();
    assertThat(allTypes.getField("empty_object_field")).isNull();
    assertThat(schema("{\"n\": {\"type\": \"nested\"}}").columnNames()).containsExactly("_id", "_index", "_routing",
        "_overflow");
  }

  @Test
  void objectsBecomeRecordsNamedAfterTheirPath() {
    Schema host = valueType(accessLogSchema().avroSchema().getField("host"));

    assertThat(host.getFullName()).isEqualTo("org.esarchiver.archive.Document_host");
    assertThat(host.getFields()).extracting(Schema.Field::name).containsExactly("geo", "name");
    assertThat(valueType(allTypes.getField("typed_object_field")).getField("inner").schema().toString())
        .isEqualTo("[\"null\",\"long\"]");
  }

  @Test
  void geoPointBecomesRecordOfLatitudeAndLongitude() {
    Schema geo = valueType(valueType(accessLogSchema().avroSchema().getField("host")).getField("geo"));

    assertThat(geo.getName()).isEqualTo("Document_host_geo");
    assertThat(geo.getFields()).extracting(Schema.Field::name).containsExactly("lat", "lon");
    assertThat(geo.getFields()).extracting(f -> f.schema().getType()).containsOnly(Schema.Type.DOUBLE);
  }

  @Test
  void recordNamesStayUniqueWhenPathsSanitizeToTheSameName() {
    Schema schema =
        schema(
                """
                {"a-b": {"properties": {"x": {"type": "geo_point"}}},
                 "a_b": {"properties": {"x": {"type": "geo_point"}}}}
                """)
            .avroSchema();

    assertThat(valueType(schema.getField("a-b")).getName()).isEqualTo("Document_a_b");
    assertThat(valueType(schema.getField("a_b")).getName()).isEqualTo("Document_a_b_2");
    assertThat(valueType(valueType(schema.getField("a-b")).getField("x")).getName()).isEqualTo("Document_a_b_x");
    assertThat(valueType(valueType(schema.getField("a_b")).getField("x")).getName()).isEqualTo("Document_a_b_x_2");
  }

  @Test
  void nestedBecomesListOfRecordsEachWithItsOwnOverflow() {
    Schema nested = valueType(allTypes.getField("nested_field"));

    assertThat(nested.getType()).isEqualTo(Schema.Type.ARRAY);
    assertThat(nested.getElementType().getName()).isEqualTo("Document_nested_field");
    assertThat(nested.getElementType().getFields())
        .extracting(Schema.Field::name)
        .containsExactly("author", "likes", "_overflow");
    assertThat(nested.getElementType().getField("_overflow").getProp("es.meta")).isEqualTo("overflow");
  }

  @Test
  void multiFieldsAliasesAndRuntimeFieldsAddNoColumn() {
    assertThat(allTypes.getField("alias_field")).isNull();
    assertThat(allTypes.getField("day_of_week")).isNull();
    assertThat(allTypes.getFields()).extracting(Schema.Field::name).noneMatch(name -> name.contains("raw"));
    assertThat(accessLogSchema().columnNames()).doesNotContain("user_agent.keyword", "keyword");
  }

  @Test
  void arrayFieldsBecomeNullableListsOfNonNullValues() {
    Schema schema =
        schema(
                """
                {"tags": {"type": "keyword"},
                 "http": {"properties": {"request": {"properties": {"headers": {"properties": {
                     "name": {"type": "keyword"}}}}}}},
                 "ports": {"type": "integer"},
                 "comments": {"type": "nested", "properties": {"labels": {"type": "keyword"}}},
                 "vector": {"type": "dense_vector"}, "suggest": {"type": "completion"}}
                """,
                "tags",
                "http.request.headers",
                "comments.labels",
                "vector",
                "suggest",
                "not.in.this.index")
            .avroSchema();

    assertThat(schema.getField("tags").schema().toString())
        .isEqualTo("[\"null\",{\"type\":\"array\",\"items\":" + STRING + "}]");
    Schema headers = valueType(valueType(valueType(schema.getField("http")).getField("request")).getField("headers"));
    assertThat(headers.getType()).isEqualTo(Schema.Type.ARRAY);
    assertThat(headers.getElementType().getName()).isEqualTo("Document_http_request_headers");
    assertThat(headers.getElementType().getFields()).extracting(Schema.Field::name).containsExactly("name", "_overflow");
    assertThat(schema.getField("ports").schema().toString()).isEqualTo("[\"null\",\"int\"]");
    Schema labels = valueType(valueType(schema.getField("comments")).getElementType().getField("labels"));
    assertThat(labels.getType()).isEqualTo(Schema.Type.ARRAY);
    assertThat(valueType(schema.getField("vector")).toString())
        .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":\"float\"}}");
    assertThat(valueType(schema.getField("suggest")).toString()).as("JSON text holds whole values").isEqualTo(STRING);
  }

  @Test
  void keepsElasticsearchNamesByDefaultUnicodeIncluded() {
    ArchiveSchema schema =
        schema(
            """
            {"@timestamp": {"type": "date"}, "user-agent": {"type": "keyword"}, "größe": {"type": "integer"},
             "名前": {"type": "keyword"}, "a b": {"type": "keyword"}}
            """);

    assertThat(schema.columnNames())
        .containsExactly("_id", "_index", "_routing", "@timestamp", "user-agent", "größe", "名前", "a b", "_overflow");
    assertThat(schema.avroSchema().getField("@timestamp").getProp("es.name")).isNull();
    assertThat(schema.originalNames())
        .containsExactly(
            Map.entry("@timestamp", "@timestamp"),
            Map.entry("user-agent", "user-agent"),
            Map.entry("größe", "größe"),
            Map.entry("名前", "名前"),
            Map.entry("a b", "a b"));
  }

  @Test
  void fieldsNamedLikeMetadataColumnsGetSuffixedColumnNames() {
    ArchiveSchema schema =
        schema(
            """
            {"_overflow": {"type": "keyword"}, "_overflow_2": {"type": "keyword"},
             "n": {"type": "nested", "properties": {"_overflow": {"type": "long"}}}}
            """);

    assertThat(schema.columnNames())
        .containsExactly("_id", "_index", "_routing", "_overflow_3", "_overflow_2", "n", "_overflow");
    assertThat(schema.avroSchema().getField("_overflow_3").getProp("es.name")).isEqualTo("_overflow");
    assertThat(valueType(schema.avroSchema().getField("n")).getElementType().getFields())
        .extracting(Schema.Field::name)
        .containsExactly("_overflow_2", "_overflow");
    assertThat(schema.originalNames()).containsEntry("_overflow_3", "_overflow").containsEntry("n._overflow_2",
        "n._overflow");
  }

  @Test
  void avroSafeNamesRenameFieldsAndKeepTheOriginalName() {
    ArchiveSchema schema =
        ArchiveSchema.fromMapping(
            "test-index",
            mappingWith(
                """
                {"@timestamp": {"type": "date"},
                 "geo.ip": {"type": "ip"},
                 "1st": {"type": "keyword"},
                 "host": {"properties": {"os-name": {"type": "keyword"}}},
                 "plain_name": {"type": "keyword"},
                 "größe": {"type": "integer"}}
                """),
            options(true));

    assertThat(schema.columnNames())
        .containsExactly(
            "_id", "_index", "_routing", "_timestamp", "geo_ip", "_1st", "host", "plain_name", "gr__e", "_overflow");
    Schema avro = schema.avroSchema();
    assertThat(avro.getField("_timestamp").getProp("es.name")).isEqualTo("@timestamp");
    assertThat(avro.getField("geo_ip").getProp("es.name")).isEqualTo("geo.ip");
    assertThat(avro.getField("plain_name").getProp("es.name")).isEqualTo("plain_name");
    assertThat(avro.getField("_id").getProp("es.name")).isNull();
    Schema.Field osName = valueType(avro.getField("host")).getField("os_name");
    assertThat(osName.getProp("es.name")).isEqualTo("os-name");
    assertThat(schema.originalNames())
        .containsExactly(
            Map.entry("_timestamp", "@timestamp"),
            Map.entry("geo_ip", "geo.ip"),
            Map.entry("_1st", "1st"),
            Map.entry("host", "host"),
            Map.entry("host.os_name", "host.os-name"),
            Map.entry("plain_name", "plain_name"),
            Map.entry("gr__e", "größe"));
  }

  @Test
  void avroSafeNamesResolveCollisionsDeterministicallyAndLetSafeNamesKeepTheirs() {
    ArchiveSchema schema =
        ArchiveSchema.fromMapping(
            "test-index",
            mappingWith(
                """
                {"-id": {"type": "keyword"},
                 "a-b": {"type": "keyword"},
                 "a.b": {"type": "keyword"},
                 "a_b": {"type": "keyword"},
                 "a_b_2": {"type": "keyword"}}
                """),
            options(true));

    assertThat(schema.columnNames())
        .containsExactly("_id", "_index", "_routing", "_id_2", "a_b_3", "a_b_4", "a_b", "a_b_2", "_overflow");
    assertThat(schema.avroSchema().getField("a_b_3").getProp("es.name")).isEqualTo("a-b");
    assertThat(schema.avroSchema().getField("a_b_4").getProp("es.name")).isEqualTo("a.b");
    assertThat(schema.originalNames()).containsEntry("a_b_3", "a-b").containsEntry("a_b_4", "a.b");
  }

  @Test
  void reportsColumnNamesThatDifferOnlyInCase() {
    ArchiveSchema schema =
        schema(
            """
            {"Host": {"type": "keyword"}, "host": {"type": "keyword"},
             "obj": {"properties": {"Name": {"type": "keyword"}, "NAME": {"type": "keyword"}, "x": {"type": "long"}}}}
            """);

    assertThat(schema.warnings())
        .containsExactly(
            "columns 'Host' and 'host' differ only in case: Spark and Hive, which compare names without case, cannot"
                + " tell them apart",
            "columns 'obj.Name' and 'obj.NAME' differ only in case: Spark and Hive, which compare names without case,"
                + " cannot tell them apart");
    assertThat(accessLogSchema().warnings()).isEmpty();
  }

  @Test
  void fieldTypesListEveryColumnWithItsEffectiveType() {
    assertThat(accessLogSchema().fieldTypes())
        .containsExactly(
            Map.entry("@timestamp", "date"),
            Map.entry("bytes", "long"),
            Map.entry("client", "object"),
            Map.entry("client.ip", "ip"),
            Map.entry("host", "object"),
            Map.entry("host.geo", "geo_point"),
            Map.entry("host.name", "keyword"),
            Map.entry("latency_ms", "float"),
            Map.entry("message", "text"),
            Map.entry("status", "integer"),
            Map.entry("tags", "keyword"),
            Map.entry("url", "object"),
            Map.entry("url.path", "keyword"),
            Map.entry("user_agent", "text"));
    assertThat(allTypesSchema.fieldTypes()).containsEntry("nested_field.likes", "integer")
        .doesNotContainKeys("disabled_object_field", "alias_field", "text_field.raw");
  }

  @Test
  void pinnedTypesOverrideTheMappingAndAddMissingFields() {
    ConvertOptions options =
        options(false)
            .withPinnedTypes(
                Map.of(
                    "status", "long",
                    "client.ip", "keyword",
                    "event.created", "date",
                    "labels.env", "keyword",
                    "@timestamp", "date_nanos"));
    ArchiveSchema pinned =
        ArchiveSchema.fromMapping("logs-2019.03.01", recordedMappings("access-logs.mapping.json"), options);

    assertThat(pinned.fieldTypes())
        .containsEntry("status", "long")
        .containsEntry("client.ip", "keyword")
        .containsEntry("event", "object")
        .containsEntry("event.created", "date")
        .containsEntry("labels", "object")
        .containsEntry("labels.env", "keyword")
        .containsEntry("@timestamp", "date_nanos");
    assertThat(pinned.avroSchema().getField("status").schema().toString()).isEqualTo("[\"null\",\"long\"]");
    assertThat(pinned.avroSchema().getField("@timestamp").getProp("es.format"))
        .isEqualTo("strict_date_optional_time_nanos||epoch_millis");
    assertThat(pinned.warnings()).isEmpty();
  }

  @Test
  void pinnedTypesKeepOneSchemaAcrossDriftingMappings() {
    Map<String, String> pins = Map.of("status", "keyword", "duration", "long", "host.name", "keyword");
    ArchiveSchema monday =
        ArchiveSchema.fromMapping(
            "logs-1",
            mappingWith("{\"status\": {\"type\": \"long\"}, \"host\": {\"properties\": {\"name\": {\"type\": \"text\"}}}}"),
            options(false).withPinnedTypes(pins));
    ArchiveSchema tuesday =
        ArchiveSchema.fromMapping(
            "logs-2",
            mappingWith(
                """
                {"host": {"properties": {"name": {"type": "keyword"}}}, "status": {"type": "keyword"},
                 "duration": {"type": "float"}}
                """),
            options(false).withPinnedTypes(pins));

    assertThat(monday.fieldTypes()).containsEntry("status", "keyword").containsEntry("duration", "long");
    assertThat(tuesday.fieldTypes()).containsEntry("status", "keyword").containsEntry("duration", "long");
    assertThat(monday.fieldTypes().keySet()).containsExactlyInAnyOrderElementsOf(tuesday.fieldTypes().keySet());
  }

  @Test
  void pinnedTypesThatCannotApplyAreReported() {
    ArchiveSchema schema =
        ArchiveSchema.fromMapping(
            "logs-1",
            mappingWith(
                """
                {"status": {"type": "long"}, "payload": {"type": "object", "enabled": false},
                 "user_agent": {"type": "text", "fields": {"keyword": {"type": "keyword"}}}}
                """),
            options(false)
                .withPinnedTypes(
                    Map.of("status.code", "long", "payload.id", "keyword", "user_agent.keyword", "keyword")));

    assertThat(schema.warnings())
        .containsExactly(
            "pinned type of 'payload.id' ignored: 'payload' is mapped as a disabled object, not an object with"
                + " sub-fields",
            "pinned type of 'status.code' ignored: 'status' is mapped as long, not an object with sub-fields",
            "pinned type of 'user_agent.keyword' ignored: 'user_agent' is mapped as text, not an object with"
                + " sub-fields");
    assertThat(schema.fieldTypes()).containsOnlyKeys("status", "user_agent");
  }

  @Test
  void fingerprintIsSha256OfTheSchemaAndIgnoresTheIndexName() {
    ArchiveSchema first = accessLogSchema();
    ArchiveSchema sameMappingOtherIndex =
        ArchiveSchema.fromMapping(
            "logs-2019.03.02", recordedMappings("access-logs.mapping.json"), options(false, "tags"));
    ArchiveSchema withoutArrayFields =
        ArchiveSchema.fromMapping("logs-2019.03.01", recordedMappings("access-logs.mapping.json"), options(false));

    assertThat(first.fingerprint()).matches("sha256:[0-9a-f]{64}");
    assertThat(sameMappingOtherIndex.fingerprint()).isEqualTo(first.fingerprint());
    assertThat(sameMappingOtherIndex).isEqualTo(first);
    assertThat(withoutArrayFields.fingerprint()).isNotEqualTo(first.fingerprint());
    assertThat(schema("{\"a\": {\"type\": \"long\"}}").fingerprint())
        .isNotEqualTo(schema("{\"a\": {\"type\": \"integer\"}}").fingerprint());
    assertThat(schema("{\"a\": {\"type\": \"date\"}}").fingerprint())
        .isNotEqualTo(schema("{\"a\": {\"type\": \"date\", \"format\": \"epoch_millis\"}}").fingerprint());
  }

  @Test
  void theAvroSchemaAloneGivesBackTheSameArchiveSchema() {
    for (ArchiveSchema schema :
        List.of(
            accessLogSchema(),
            allTypesSchema,
            HostileCorpus.schema(new ConvertOptions(HostileCorpus.ARRAY_FIELDS, true).withKeepSource(true)))) {
      Schema reparsed = new Schema.Parser().setValidate(false).parse(schema.avroSchema().toString());

      ArchiveSchema fromFile = ArchiveSchema.fromAvroSchema(reparsed);

      assertThat(fromFile).isEqualTo(schema);
      assertThat(fromFile.fieldTypes()).isEqualTo(schema.fieldTypes());
      assertThat(fromFile.originalNames()).isEqualTo(schema.originalNames());
      assertThat(fromFile.keepsSource()).isEqualTo(schema.keepsSource());
    }
    assertThatThrownBy(() -> ArchiveSchema.fromAvroSchema(Schema.create(Schema.Type.STRING)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an es-archiver archive schema");
  }

  @Test
  void mappingWithoutPropertiesHasOnlyMetadataColumns() {
    ArchiveSchema schema = ArchiveSchema.fromMapping("empty", json("{\"dynamic\": \"true\"}"), options(false));

    assertThat(schema.columnNames()).containsExactly("_id", "_index", "_routing", "_overflow");
    assertThat(schema.fieldTypes()).isEmpty();
  }

  @Test
  void unsupportedDateFormatFailsNamingIndexFieldAndFormat() {
    assertThatThrownBy(
            () ->
                ArchiveSchema.fromMapping(
                    "logs-1",
                    mappingWith(
                        """
                        {"event": {"properties": {
                          "at": {"type": "date", "format": "weekyear_week||bogus"}}}}
                        """),
                    options(false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "index logs-1, mapping of field 'event.at': unsupported date format 'weekyear_week': neither a known format"
                + " name nor a java.time pattern");
  }

  @Test
  void malformedMappingFailsNamingIndex() {
    assertThatThrownBy(() -> ArchiveSchema.fromMapping("logs-1", json("{\"properties\": []}"), options(false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("index logs-1, mapping: 'properties' is not an object");
    assertThatThrownBy(() -> ArchiveSchema.fromMapping("logs-1", json("{\"properties\": {\"a\": 1}}"), options(false)))
        .hasMessage("index logs-1, mapping of field 'a': its definition is not an object");
    assertThatThrownBy(
            () ->
                ArchiveSchema.fromMapping(
                    "logs-1",
                    mappingWith("{\"a\": {\"type\": \"date\", \"locale\": \"not a locale!\"}}"),
                    options(false)))
        .hasMessage("index logs-1, mapping of field 'a': unknown locale 'not a locale!'");
  }

  @Test
  void namesAndTypesAreImmutable() {
    ArchiveSchema schema = accessLogSchema();

    assertThatThrownBy(() -> schema.columnNames().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> schema.fieldTypes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> schema.originalNames().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> schema.warnings().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void convertOptionsKeepTheTwoArgumentConstructor() {
    ConvertOptions options = new ConvertOptions(Set.of("tags"), true);

    assertThat(options.keepSource()).isFalse();
    assertThat(options.pinnedTypes()).isEmpty();
    assertThat(options.withArrayFields(Set.of("a")).arrayFields()).containsExactly("a");
    assertThat(new ConvertOptions(null, false, true, null).pinnedTypes()).isEmpty();
  }

  /** The non-null branch of a nullable schema. */
  private static final class AvroSchemaNonNull {
    static Schema of(Schema schema) {
      return schema.getType() == Schema.Type.UNION ? schema.getTypes().get(1) : schema;
    }
  }
}
