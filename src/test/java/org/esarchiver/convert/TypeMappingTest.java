package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.esarchiver.convert.ConvertFixtures.json;
import static org.esarchiver.convert.ConvertFixtures.options;
import static org.esarchiver.convert.ConvertFixtures.recordedMappings;
import static org.esarchiver.convert.ConvertFixtures.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every Elasticsearch field type, from the recorded mapping {@code all-types.mapping.json} and the recorded document
 * {@code all-types.document.json}, to its typed column; then the other input forms each type accepts.
 */
class TypeMappingTest {

  private static final ArchiveSchema SCHEMA =
      ArchiveSchema.fromMapping("all-types-000001", recordedMappings("all-types.mapping.json"), options(false));
  private static final DocumentConverter CONVERTER = new DocumentConverter(SCHEMA);
  private static final GenericData.Record RECORDED = CONVERTER.convert("all-types-000001", "1",
      resource("all-types.document.json"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          keyword_field            | "k-1"
          text_field               | "The quick brown fox"
          ip_field                 | "192.168.1.7"
          version_field            | "8.19.7"
          wildcard_field           | "a*b?c"
          constant_keyword_field   | "prod"
          match_only_text_field    | "match only"
          search_as_you_type_field | "search as you type"
          token_count_field        | "four tokens in here"
          semantic_text_field      | "a semantic text"
          long_field               | 9223372036854775807
          integer_field            | -2147483648
          short_field              | 32767
          byte_field               | -128
          unsigned_long_field      | decimal 18446744073709551615
          float_field              | 1.5f
          half_float_field         | 0.25f
          rank_feature_field       | 8.5f
          double_field             | 2.718281828459045
          scaled_float_field       | 12.34
          boolean_field            | true
          date_field               | millis 2019-03-01T10:15:30.123Z
          date_nanos_field         | micros 2019-03-01T10:15:30.123456Z
          geo_point_field          | {lat=41.12, lon=-71.34}
          object_field             | {inner="in"}
          typed_object_field       | {inner=7}
          passthrough_field        | {attr="dim"}
          nested_field             | [{author="ann", likes=3, _overflow=null}, {author="bob", likes=null, _overflow=null}]
          binary_field             | bytes "Some binary"
          flattened_field          | {priority="urgent", release="v1.2.5", timestamp.created="1541458026"}
          rank_features_field      | {politics=20.0f, economics=50.8f}
          sparse_vector_field      | {elastic=1.25f, search=0.5f}
          dense_vector_field       | [0.5f, 10.0f, 6.0f]
          geo_shape_field          | "{\\"type\\":\\"LineString\\",\\"coordinates\\":[[-77.03,38.89],[-77.0,38.88]]}"
          shape_field              | "POLYGON ((1000.0 -1001.0, 1001.0 -1001.0, 1001.0 -1000.0, 1000.0 -1001.0))"
          point_field              | "{\\"x\\":1,\\"y\\":2}"
          integer_range_field      | {gte=10, gt=null, lte=20, lt=null}
          long_range_field         | {gte=null, gt=-9223372036854775808, lte=null, lt=9223372036854775807}
          float_range_field        | {gte=1.5f, gt=null, lte=null, lt=null}
          double_range_field       | {gte=null, gt=null, lte=null, lt=99.5}
          date_range_field         | {gte=millis 2019-01-01T00:00:00Z, gt=null, lte=null, lt=millis 2019-03-01T10:15:30.123Z}
          ip_range_field           | {gte=null, gt=null, lte=null, lt=null, cidr="10.0.0.0/8"}
          histogram_field          | {values=[0.1, 0.2, 0.3], counts=[3, 7, 23]}
          aggregate_metric_field   | {min=-302.5, max=702.3, sum=200.0, value_count=25}
          join_field               | {name="answer", parent="1"}
          completion_field         | "{\\"input\\":[\\"Nevermind\\",\\"Nirvana\\"],\\"weight\\":34}"
          percolator_field         | "{\\"match\\":{\\"message\\":\\"bonsai tree\\"}}"
          future_field             | "[\\"anything\\",{\\"at\\":\\"all\\"}]"
          """)
  void recordedDocumentFillsEveryTypedColumn(String field, String expected) {
    assertThat(shown(RECORDED.get(field), SCHEMA.avroSchema().getField(field).getProp("es.type")))
        .isEqualTo(expected.replace("\\\"", "\""));
  }

  @Test
  void recordedDocumentKeepsWhatHasNoColumnInOverflow() {
    assertThat(json(RECORDED.get("_overflow").toString()))
        .isEqualTo(
            json("{\"disabled_object_field\": {\"anything\": [\"goes\", 1]}, \"empty_object_field\": {\"unmapped\": true}}"));
    assertThat(GenericData.get().validate(SCHEMA.avroSchema(), RECORDED)).isTrue();
  }

  @Test
  void recordedDocumentRebuildsEquivalent() {
    JsonNode rebuilt = new SourceRebuilder(SCHEMA).rebuild(RECORDED);

    assertThat(SourceEquivalence.differences(resource("all-types.document.json"), rebuilt, SCHEMA)).isEmpty();
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          unsigned_long_field | "18446744073709551615"                | decimal 18446744073709551615
          unsigned_long_field | 9223372036854775808                   | decimal 9223372036854775808
          unsigned_long_field | 1.0                                   | decimal 1
          date_field          | 1551435330123                         | millis 2019-03-01T10:15:30.123Z
          date_field          | "2019-03-01T10:15:30.123987Z"         | millis 2019-03-01T10:15:30.123Z
          date_nanos_field    | 1551435330123                         | micros 2019-03-01T10:15:30.123Z
          geo_point_field     | "41.12,-71.34"                        | {lat=41.12, lon=-71.34}
          geo_point_field     | [-71.34, 41.12]                       | {lat=41.12, lon=-71.34}
          geo_point_field     | "POINT (-71.34 41.12)"                | {lat=41.12, lon=-71.34}
          flattened_field     | {"a": {"b": [true]}, "c": null}       | {a.b="true"}
          binary_field        | "AAEC/w=="                            | bytes "\\u0000\\u0001\\u0002?"
          binary_field        | "AAEC/w"                              | bytes "\\u0000\\u0001\\u0002?"
          dense_vector_field  | [1, -1, 0]                            | [1.0f, -1.0f, 0.0f]
          rank_features_field | {"a": "2.5"}                          | {a=2.5f}
          geo_shape_field     | "POINT (1 2)"                         | "POINT (1 2)"
          shape_field         | {"type": "Point", "coordinates": [1, 2]} | "{\\"type\\":\\"Point\\",\\"coordinates\\":[1,2]}"
          point_field         | [1.5, 2.5]                            | "[1.5,2.5]"
          point_field         | "1.5,2.5"                             | "1.5,2.5"
          integer_range_field | {"gte": "10", "lt": 20.0}             | {gte=10, gt=null, lte=null, lt=20}
          date_range_field    | {"gte": 1551435330123}                | {gte=millis 2019-03-01T10:15:30.123Z, gt=null, lte=null, lt=null}
          ip_range_field      | {"gte": "10.0.0.1", "lte": "10.0.0.9"} | {gte="10.0.0.1", gt=null, lte="10.0.0.9", lt=null, cidr=null}
          ip_range_field      | "2001:db8::/48"                       | {gte=null, gt=null, lte=null, lt=null, cidr="2001:db8::/48"}
          join_field          | "question"                            | {name="question", parent=null}
          aggregate_metric_field | {"max": 3}                         | {min=null, max=3.0, sum=null, value_count=null}
          completion_field    | "Nirvana"                             | "\\"Nirvana\\""
          completion_field    | ["a", "b"]                            | "[\\"a\\",\\"b\\"]"
          short_field         | "-32768"                              | -32768
          byte_field          | 127.0                                 | 127
          """)
  void acceptsEveryInputFormOfTheType(String field, String valueJson, String expected) {
    GenericData.Record record = CONVERTER.convert("i", "1", json("{\"" + field + "\": " + valueJson + "}"));

    assertThat(shown(record.get(field), SCHEMA.avroSchema().getField(field).getProp("es.type")))
        .isEqualTo(expected.replace("\\\"", "\"").replace("\\\\u", "\\u"));
    assertThat(record.get("_overflow")).as("nothing in _overflow").isNull();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          short_field            | 32768
          byte_field             | -129
          integer_field          | 2147483648
          unsigned_long_field    | 18446744073709551616
          unsigned_long_field    | -1
          unsigned_long_field    | 1.5
          binary_field           | "not base64!"
          binary_field           | 12
          dense_vector_field     | "AQID"
          dense_vector_field     | [1, "x"]
          rank_features_field    | {"a": {"b": 1}}
          rank_features_field    | [1, 2]
          geo_shape_field        | 12
          geo_shape_field        | "[1, 2]"
          point_field            | true
          integer_range_field    | {"gte": 1, "from": 2}
          integer_range_field    | {"gte": 1.5}
          ip_range_field         | "10.0.0.1"
          date_range_field       | {"gte": "soon"}
          histogram_field        | {"values": [1, 2], "counts": [1]}
          histogram_field        | {"values": [1], "counts": [1.5]}
          histogram_field        | {"values": [1], "counts": [1], "sum": 3}
          aggregate_metric_field | {"avg": 1}
          aggregate_metric_field | {"value_count": 2.5}
          join_field             | {"parent": "1"}
          join_field             | {"name": "a", "routing": "x"}
          flattened_field        | "text"
          geo_point_field        | {"lat": 100, "lon": 0}
          boolean_field          | "yes"
          date_field             | "2019-02-30"
          """)
  void valuesTheTypeDoesNotTakeGoToOverflow(String field, String valueJson) {
    GenericData.Record record = CONVERTER.convert("i", "1", json("{\"" + field + "\": " + valueJson + "}"));

    assertThat(record.get(field)).isNull();
    assertThat(json(record.get("_overflow").toString())).isEqualTo(json("{\"" + field + "\": " + valueJson + "}"));
  }

  @Test
  void unicodeAndSpacedNamesHoldTheirValues() {
    DocumentConverter converter =
        new DocumentConverter(
            ConvertFixtures.schema(
                "{\"größe\": {\"type\": \"integer\"}, \"名前\": {\"type\": \"keyword\"}, \"a b\": {\"type\": \"keyword\"}}"));

    GenericData.Record record =
        converter.convert("i", "1", json("{\"größe\": \"180\", \"名前\": \"山田\", \"a b\": \"c d\"}"));

    assertThat(record.get("größe")).isEqualTo(180);
    assertThat(record.get("名前")).isEqualTo("山田");
    assertThat(record.get("a b")).isEqualTo("c d");
  }

  /** An Avro value as compact text: strings quoted, floats with f, records and maps as {k=v}, lists as [..]. */
  static String shown(Object value, String elasticsearchType) {
    if (value == null) {
      return "null";
    }
    if (value instanceof CharSequence text) {
      return "\"" + text + "\"";
    }
    if (value instanceof Float number) {
      return number + "f";
    }
    if (value instanceof Long number && elasticsearchType != null && elasticsearchType.startsWith("date")) {
      return elasticsearchType.equals("date_nanos")
          ? "micros " + Instant.EPOCH.plusNanos(number * 1_000)
          : "millis " + Instant.ofEpochMilli(number);
    }
    if (value instanceof GenericFixed fixed) {
      return "decimal " + new BigInteger(fixed.bytes());
    }
    if (value instanceof ByteBuffer bytes) {
      return "bytes \"" + StandardCharsets.ISO_8859_1.decode(bytes.duplicate()).toString()
          .replace("\u0000", "\\u0000").replace("\u0001", "\\u0001").replace("\u0002", "\\u0002")
          .replace("\u00ff", "?") + "\"";
    }
    if (value instanceof GenericRecord record) {
      List<String> fields = new ArrayList<>();
      for (var field : record.getSchema().getFields()) {
        String type = field.getProp("es.type") != null ? field.getProp("es.type") : rangeBoundType(elasticsearchType);
        fields.add(field.name() + "=" + shown(record.get(field.pos()), type));
      }
      return "{" + String.join(", ", fields) + "}";
    }
    if (value instanceof Map<?, ?> map) {
      List<String> entries = new ArrayList<>();
      map.forEach((key, element) -> entries.add(key + "=" + shown(element, null)));
      return "{" + String.join(", ", entries) + "}";
    }
    if (value instanceof List<?> list) {
      List<String> elements = new ArrayList<>();
      list.forEach(element -> elements.add(shown(element, elasticsearchType)));
      return elements.toString();
    }
    return String.valueOf(value);
  }

  private static String rangeBoundType(String elasticsearchType) {
    return "date_range".equals(elasticsearchType) ? "date" : null;
  }

  @Test
  void shownSortsNothingAndNeedsNoMaps() {
    assertThat(shown(new TreeMap<>(Map.of("b", 1, "a", 2)), null)).isEqualTo("{a=2, b=1}");
  }
}
