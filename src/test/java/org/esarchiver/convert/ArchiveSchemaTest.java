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
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchiveSchemaTest {

  private static final String STRING = "{\"type\":\"string\",\"avro.java.string\":\"String\"}";

  private final Schema allTypes =
      ArchiveSchema.fromMapping("all-types-000001", recordedMappings("all-types.mapping.json"), options(false))
          .avroSchema();

  @Test
  void documentRecordStartsWithRequiredIdAndIndexThenMappedFieldsInMappingOrder() {
    ArchiveSchema schema = accessLogSchema();

    assertThat(schema.avroSchema().getFullName()).isEqualTo("org.esarchiver.archive.Document");
    assertThat(schema.columnNames())
        .containsExactly(
            "_id", "_index", "@timestamp", "bytes", "client", "host", "latency_ms", "message", "status", "tags",
            "url", "user_agent");
    assertThat(schema.avroSchema().getField("_id").schema().toString()).isEqualTo(STRING);
    assertThat(schema.avroSchema().getField("_index").schema().toString()).isEqualTo(STRING);
  }

  @Test
  void everyMappedFieldIsNullableWithNullDefault() {
    for (Schema.Field field : allTypes.getFields().subList(2, allTypes.getFields().size())) {
      assertThat(field.schema().getType()).as(field.name()).isEqualTo(Schema.Type.UNION);
      assertThat(field.schema().getTypes().get(0).getType()).as(field.name()).isEqualTo(Schema.Type.NULL);
      assertThat(field.hasDefaultValue()).as(field.name()).isTrue();
      assertThat(field.defaultVal()).as(field.name()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
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
          long_field               | "long"
          integer_field            | "int"
          short_field              | "int"
          byte_field               | "int"
          unsigned_long_field      | STRING
          float_field              | "float"
          half_float_field         | "float"
          double_field             | "double"
          scaled_float_field       | "double"
          boolean_field            | "boolean"
          date_field               | {"type":"long","logicalType":"timestamp-millis"}
          date_nanos_field         | {"type":"long","logicalType":"timestamp-micros"}
          disabled_object_field    | STRING
          empty_object_field       | STRING
          binary_field             | STRING
          flattened_field          | STRING
          geo_shape_field          | STRING
          dense_vector_field       | STRING
          integer_range_field      | STRING
          completion_field         | STRING
          join_field               | STRING
          histogram_field          | STRING
          future_field             | STRING
          """)
  void mapsElasticsearchTypeToAvroType(String field, String expectedType) {
    String expected = expectedType.equals("STRING") ? STRING : expectedType;

    assertThat(valueType(allTypes.getField(field)).toString()).isEqualTo(expected);
  }

  @Test
  void recordsTheMappingTypeOfEveryColumn() {
    assertThat(allTypes.getField("scaled_float_field").getProp("es.type")).isEqualTo("scaled_float");
    assertThat(allTypes.getField("object_field").getProp("es.type")).isEqualTo("object");
    assertThat(allTypes.getField("future_field").getProp("es.type")).isEqualTo("some_type_from_elasticsearch_12");
    assertThat(allTypes.getField("_id").getProp("es.type")).isNull();
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
  void nestedBecomesListOfRecords() {
    Schema nested = valueType(allTypes.getField("nested_field"));

    assertThat(nested.getType()).isEqualTo(Schema.Type.ARRAY);
    assertThat(nested.getElementType().getName()).isEqualTo("Document_nested_field");
    assertThat(nested.getElementType().getFields()).extracting(Schema.Field::name).containsExactly("author", "likes");
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
                 "comments": {"type": "nested", "properties": {"labels": {"type": "keyword"}}}}
                """,
                "tags",
                "http.request.headers",
                "comments.labels",
                "not.in.this.index")
            .avroSchema();

    assertThat(schema.getField("tags").schema().toString())
        .isEqualTo("[\"null\",{\"type\":\"array\",\"items\":" + STRING + "}]");
    Schema headers = valueType(valueType(valueType(schema.getField("http")).getField("request")).getField("headers"));
    assertThat(headers.getType()).isEqualTo(Schema.Type.ARRAY);
    assertThat(headers.getElementType().getName()).isEqualTo("Document_http_request_headers");
    assertThat(schema.getField("ports").schema().toString()).isEqualTo("[\"null\",\"int\"]");
    Schema labels = valueType(valueType(schema.getField("comments")).getElementType().getField("labels"));
    assertThat(labels.getType()).isEqualTo(Schema.Type.ARRAY);
  }

  @Test
  void keepsElasticsearchNamesByDefault() {
    Schema schema =
        schema("{\"@timestamp\": {\"type\": \"date\"}, \"user-agent\": {\"type\": \"keyword\"}}").avroSchema();

    assertThat(schema.getFields())
        .extracting(Schema.Field::name)
        .containsExactly("_id", "_index", "@timestamp", "user-agent");
    assertThat(schema.getField("@timestamp").getProp("es.name")).isNull();
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
                 "plain_name": {"type": "keyword"}}
                """),
            options(true));

    assertThat(schema.columnNames())
        .containsExactly("_id", "_index", "_timestamp", "geo_ip", "_1st", "host", "plain_name");
    Schema avro = schema.avroSchema();
    assertThat(avro.getField("_timestamp").getProp("es.name")).isEqualTo("@timestamp");
    assertThat(avro.getField("geo_ip").getProp("es.name")).isEqualTo("geo.ip");
    assertThat(avro.getField("plain_name").getProp("es.name")).isEqualTo("plain_name");
    assertThat(avro.getField("_id").getProp("es.name")).isNull();
    Schema.Field osName = valueType(avro.getField("host")).getField("os_name");
    assertThat(osName.getProp("es.name")).isEqualTo("os-name");
  }

  @Test
  void avroSafeNamesResolveCollisionsDeterministicallyAndLetSafeNamesKeepTheirs() {
    ArchiveSchema schema =
        ArchiveSchema.fromMapping(
            "test-index",
            mappingWith(
                """
                {"-id": {"type": "keyword"},
                 "user-agent": {"type": "keyword"},
                 "user.agent": {"type": "keyword"},
                 "user_agent": {"type": "keyword"},
                 "user_agent_2": {"type": "keyword"}}
                """),
            options(true));

    assertThat(schema.columnNames())
        .containsExactly("_id", "_index", "_id_2", "user_agent_3", "user_agent_4", "user_agent", "user_agent_2");
    assertThat(schema.avroSchema().getField("user_agent_3").getProp("es.name")).isEqualTo("user-agent");
    assertThat(schema.avroSchema().getField("user_agent_4").getProp("es.name")).isEqualTo("user.agent");
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
  }

  @Test
  void mappingWithoutPropertiesHasOnlyMetadataColumns() {
    ArchiveSchema schema = ArchiveSchema.fromMapping("empty", json("{\"dynamic\": \"true\"}"), options(false));

    assertThat(schema.columnNames()).containsExactly("_id", "_index");
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
  }

  @Test
  void columnNamesListIsImmutable() {
    List<String> names = accessLogSchema().columnNames();

    assertThatThrownBy(() -> names.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }
}
