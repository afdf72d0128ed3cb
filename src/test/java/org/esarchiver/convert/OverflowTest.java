package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.esarchiver.convert.ConvertFixtures.json;
import static org.esarchiver.convert.ConvertFixtures.options;
import static org.esarchiver.convert.ConvertFixtures.recordedMappings;
import static org.esarchiver.convert.ConvertFixtures.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every value that does not fit its column goes to {@code _overflow}, exactly as it was; the column is then null. */
class OverflowTest {

  private static final String INDEX = "logs-2019.03.01";
  private static final ArchiveSchema ACCESS_LOGS =
      ArchiveSchema.fromMapping(INDEX, recordedMappings("access-logs.mapping.json"), options(false, "tags"));

  static Stream<Arguments> misfits() {
    return Stream.of(
        overflow("{\"status\": \"abc\"}", "status", "\"abc\""),
        overflow("{\"status\": 3.5}", "status", "3.5"),
        overflow("{\"status\": \"3.5\"}", "status", "\"3.5\""),
        overflow("{\"status\": 3000000000}", "status", "3000000000"),
        overflow("{\"status\": true}", "status", "true"),
        overflow("{\"status\": {\"code\": 200}}", "status", "{\"code\":200}"),
        overflow("{\"status\": [200, 404]}", "status", "[200,404]"),
        overflow("{\"bytes\": 9223372036854775808}", "bytes", "9223372036854775808"),
        overflow("{\"latency_ms\": \"NaN\"}", "latency_ms", "\"NaN\""),
        overflow("{\"latency_ms\": 1e39}", "latency_ms", "1.0E39"),
        overflow("{\"message\": {\"text\": \"x\"}}", "message", "{\"text\":\"x\"}"),
        overflow("{\"message\": [\"a\", null, \"b\"]}", "message", "[\"a\",null,\"b\"]"),
        overflow("{\"tags\": [\"ok\", {\"k\": 1}]}", "tags", "[\"ok\",{\"k\":1}]"),
        overflow("{\"@timestamp\": \"yesterday\"}", "@timestamp", "\"yesterday\""),
        overflow("{\"host\": {\"geo\": \"somewhere, over\"}}", "host.geo", "\"somewhere, over\""),
        overflow("{\"host\": {\"geo\": {\"lat\": 91, \"lon\": 0}}}", "host.geo", "{\"lat\":91,\"lon\":0}"),
        overflow("{\"host\": \"web-01\"}", "host", "\"web-01\""),
        overflow(
            "{\"host\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}", "host", "[{\"name\":\"a\"},{\"name\":\"b\"}]"),
        overflow("{\"host\": {\"name\": \"a\"}, \"host.name\": \"b\"}", "host.name", "[\"a\",\"b\"]"),
        overflow("{\"referrer\": \"https://example.com\"}", "referrer", "\"https://example.com\""),
        overflow("{\"referrer\": null}", "referrer", "null"),
        overflow("{\"host\": {\"os\": \"linux\"}}", "host.os", "\"linux\""),
        overflow("{\"host.os.name\": \"linux\"}", "host.os.name", "\"linux\""),
        overflow("{\"host\": {\"os.name\": \"linux\"}}", "host.os.name", "\"linux\""),
        overflow("{\"status.code\": 200}", "status.code", "200"),
        overflow("{\"user_agent.keyword\": \"curl\"}", "user_agent.keyword", "\"curl\""),
        overflow("{\"message\": \"lone \\ud800 surrogate\"}", "message", "\"lone \\ud800 surrogate\""),
        overflow("{\"tags\": [\"ok\", \"\\udc00\\ud800\"]}", "tags", "[\"ok\",\"\\udc00\\ud800\"]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misfits")
  void keepsTheValueExactlyUnderItsPath(String document, String path, String rawValue) {
    DocumentConverter converter = new DocumentConverter(ACCESS_LOGS);

    GenericData.Record record = converter.convert(INDEX, "4f2a", json(document));

    assertThat(overflow(record)).isEqualTo(json("{" + quoted(path) + ": " + rawValue + "}"));
    assertThat(typedValue(record, path)).isNull();
    assertThat(converter.overflowValues()).isEqualTo(1);
    assertThat(converter.overflowDocuments()).isEqualTo(1);
  }

  @Test
  void keepsEverythingElseTyped() {
    GenericData.Record record =
        new DocumentConverter(ACCESS_LOGS)
            .convert(
                INDEX,
                "1",
                json(
                    """
                    {"status": "abc", "bytes": 12, "host": {"name": "web", "os": "linux", "geo": [1, 2]},
                     "extra": {"a": [1, {"b": null}]}}
                    """));

    assertThat(record.get("bytes")).isEqualTo(12L);
    assertThat(((GenericRecord) record.get("host")).get("name")).isEqualTo("web");
    assertThat(((GenericRecord) ((GenericRecord) record.get("host")).get("geo")).get("lat")).isEqualTo(2.0);
    assertThat(overflow(record))
        .isEqualTo(json("{\"status\": \"abc\", \"host.os\": \"linux\", \"extra\": {\"a\": [1, {\"b\": null}]}}"));
  }

  @Test
  void documentsWithoutMisfitsHaveNoOverflow() {
    DocumentConverter converter = new DocumentConverter(ACCESS_LOGS);

    GenericData.Record record = converter.convert(INDEX, "1", ConvertFixtures.resource("access-log.document.json"));

    assertThat(record.get("_overflow")).isNull();
    assertThat(converter.documents()).isEqualTo(1);
    assertThat(converter.overflowValues()).isZero();
    assertThat(converter.overflowDocuments()).isZero();
  }

  @Test
  void countersAddUpOverDocuments() {
    DocumentConverter converter = new DocumentConverter(ACCESS_LOGS);

    converter.convert(INDEX, "1", json("{\"status\": \"abc\", \"referrer\": \"x\", \"extra\": 1}"));
    converter.convert(INDEX, "2", json("{\"status\": 200}"));
    converter.convert(INDEX, "3", json("{\"host.os\": \"linux\"}"));

    assertThat(converter.documents()).isEqualTo(3);
    assertThat(converter.overflowValues()).isEqualTo(4);
    assertThat(converter.overflowDocuments()).isEqualTo(2);
  }

  @Test
  void disabledObjectsAndObjectsWithoutSubFieldsGoToOverflow() {
    DocumentConverter converter =
        new DocumentConverter(
            schema(
                """
                {"payload": {"type": "object", "enabled": false}, "meta": {"type": "object"},
                 "a": {"type": "keyword"}}
                """));

    GenericData.Record record =
        converter.convert(
            "i", "1", json("{\"payload\": {\"b\": [1, 2.5]}, \"payload.c\": true, \"meta\": {\"x\": 1}, \"a\": \"y\"}"));

    assertThat(overflow(record))
        .isEqualTo(json("{\"payload\": {\"b\": [1, 2.5]}, \"payload.c\": true, \"meta\": {\"x\": 1}}"));
    assertThat(record.get("a")).isEqualTo("y");
  }

  @Test
  void elementsOfListsOfObjectsKeepTheirOwnOverflow() {
    DocumentConverter converter =
        new DocumentConverter(
            schema(
                """
                {"comments": {"type": "nested", "properties": {
                   "author": {"type": "keyword"}, "likes": {"type": "integer"},
                   "user": {"properties": {"id": {"type": "long"}}}}},
                 "headers": {"properties": {"name": {"type": "keyword"}}}}
                """,
                "headers"));

    GenericData.Record record =
        converter.convert(
            "i",
            "7",
            json(
                """
                {"comments": [{"author": "ann", "likes": "many", "user": {"id": 1, "role": "admin"}},
                              {"author": "bob", "likes": 2, "mood": "happy"}],
                 "headers": [{"name": "Accept", "value": "*/*"}, {"name": "Host"}]}
                """));

    List<?> comments = (List<?>) record.get("comments");
    GenericRecord first = (GenericRecord) comments.get(0);
    GenericRecord second = (GenericRecord) comments.get(1);
    assertThat(first.get("author")).isEqualTo("ann");
    assertThat(first.get("likes")).isNull();
    assertThat(((GenericRecord) first.get("user")).get("id")).isEqualTo(1L);
    assertThat(json(first.get("_overflow").toString()))
        .isEqualTo(json("{\"likes\": \"many\", \"user.role\": \"admin\"}"));
    assertThat(second.get("likes")).isEqualTo(2);
    assertThat(json(second.get("_overflow").toString())).isEqualTo(json("{\"mood\": \"happy\"}"));
    GenericRecord accept = (GenericRecord) ((List<?>) record.get("headers")).get(0);
    assertThat(json(accept.get("_overflow").toString())).isEqualTo(json("{\"value\": \"*/*\"}"));
    assertThat(record.get("_overflow")).isNull();
  }

  @Test
  void aListWithAnElementThatDoesNotFitGoesToOverflowWhole() {
    DocumentConverter converter =
        new DocumentConverter(
            schema(
                """
                {"ports": {"type": "integer"},
                 "comments": {"type": "nested", "properties": {"author": {"type": "keyword"}}}}
                """,
                "ports"));

    GenericData.Record record =
        converter.convert(
            "i", "7", json("{\"ports\": [80, \"http\"], \"comments\": [{\"author\": \"x\", \"n\": 1}, \"nice\"]}"));

    assertThat(record.get("ports")).isNull();
    assertThat(record.get("comments")).isNull();
    assertThat(overflow(record))
        .isEqualTo(json("{\"ports\": [80, \"http\"], \"comments\": [{\"author\": \"x\", \"n\": 1}, \"nice\"]}"));
    assertThat(converter.overflowValues()).as("the element's own overflow went with it").isEqualTo(2);
  }

  @Test
  void dateNanosBelowTheMicrosecondKeepsBothTheTypedValueAndTheRawValue() {
    DocumentConverter converter = new DocumentConverter(schema("{\"at\": {\"type\": \"date_nanos\"}}"));

    GenericData.Record nanos = converter.convert("i", "1", json("{\"at\": \"2019-03-01T10:15:30.123456789Z\"}"));
    GenericData.Record micros = converter.convert("i", "2", json("{\"at\": \"2019-03-01T10:15:30.123456Z\"}"));

    long expectedMicros = Instant.parse("2019-03-01T10:15:30Z").getEpochSecond() * 1_000_000 + 123_456;
    assertThat(nanos.get("at")).isEqualTo(expectedMicros);
    assertThat(overflow(nanos)).isEqualTo(json("{\"at\": \"2019-03-01T10:15:30.123456789Z\"}"));
    assertThat(micros.get("at")).isEqualTo(expectedMicros);
    assertThat(micros.get("_overflow")).isNull();
  }

  @Test
  void flattenedKeysWithSeveralValuesGoToOverflowUnderTheirKey() {
    DocumentConverter converter = new DocumentConverter(schema("{\"labels\": {\"type\": \"flattened\"}}"));

    GenericData.Record record =
        converter.convert(
            "i",
            "1",
            json("{\"labels\": {\"env\": \"prod\", \"release\": [\"v1\", \"v2\"], \"one\": [\"x\"]}, \"labels.n\": 3}"));

    assertThat(record.get("labels")).isEqualTo(Map.of("env", "prod", "one", "x", "n", "3"));
    assertThat(overflow(record)).isEqualTo(json("{\"labels.release\": [\"v1\", \"v2\"]}"));
  }

  @Test
  void coercionsElasticsearchPerformsStayTyped() {
    DocumentConverter converter = new DocumentConverter(ACCESS_LOGS);

    GenericData.Record record =
        converter.convert(INDEX, "1", json("{\"status\": \"200\", \"bytes\": 3.0, \"message\": 42, \"tags\": 1}"));

    assertThat(record.get("status")).isEqualTo(200);
    assertThat(record.get("bytes")).isEqualTo(3L);
    assertThat(record.get("message")).isEqualTo("42");
    assertThat(record.get("tags")).isEqualTo(List.of("1"));
    assertThat(record.get("_overflow")).isNull();
  }

  @Test
  void pinnedTypesSendValuesThatDoNotFitToOverflow() {
    DocumentConverter converter =
        new DocumentConverter(
            ArchiveSchema.fromMapping(
                INDEX,
                recordedMappings("access-logs.mapping.json"),
                options(false).withPinnedTypes(Map.of("message", "long", "host", "keyword"))));

    GenericData.Record record =
        converter.convert(INDEX, "1", json("{\"message\": \"GET /\", \"host\": {\"name\": \"web\"}}"));

    assertThat(overflow(record)).isEqualTo(json("{\"message\": \"GET /\", \"host\": {\"name\": \"web\"}}"));
  }

  @Test
  void onlyAMissingOrNonObjectSourceFails() {
    DocumentConverter converter = new DocumentConverter(ACCESS_LOGS);

    assertThatThrownBy(() -> converter.convert(INDEX, "1", null))
        .isInstanceOf(ConversionException.class)
        .hasMessage("index " + INDEX + ", document 1: field '_source': expected an object, got no _source");
    assertThatThrownBy(() -> converter.convert(INDEX, "1", MissingNode.getInstance()))
        .hasMessage("index " + INDEX + ", document 1: field '_source': expected an object, got no _source");
    assertThatThrownBy(() -> converter.convert(INDEX, "1", json("[1]")))
        .isInstanceOf(ConversionException.class)
        .hasMessage("index " + INDEX + ", document 1: field '_source': expected an object, got [1]")
        .extracting(e -> ((ConversionException) e).field())
        .isEqualTo("_source");
  }

  private static JsonNode overflow(GenericRecord record) {
    Object overflow = record.get("_overflow");
    return overflow == null ? null : json(overflow.toString());
  }

  /** The typed value at a dotted path of mapped fields, null where any record on the way is null. */
  private static Object typedValue(GenericRecord record, String path) {
    Object value = record;
    for (String name : path.split("\\.")) {
      if (!(value instanceof GenericRecord current) || current.getSchema().getField(name) == null) {
        return null;
      }
      value = current.get(name);
    }
    return value;
  }

  private static String quoted(String text) {
    return "\"" + text + "\"";
  }

  private static Arguments overflow(String document, String path, String rawValue) {
    return Arguments.of(document, path, rawValue);
  }
}
