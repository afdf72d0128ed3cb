package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.esarchiver.convert.ConvertFixtures.ACCESS_LOG_INDEX;
import static org.esarchiver.convert.ConvertFixtures.accessLogSchema;
import static org.esarchiver.convert.ConvertFixtures.json;
import static org.esarchiver.convert.ConvertFixtures.mappingWith;
import static org.esarchiver.convert.ConvertFixtures.options;
import static org.esarchiver.convert.ConvertFixtures.resource;
import static org.esarchiver.convert.ConvertFixtures.schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class DocumentConverterTest {

  private final DocumentConverter accessLogs = new DocumentConverter(accessLogSchema());

  @Test
  void convertsAnAccessLogDocument() {
    GenericData.Record record = accessLogs.convert(ACCESS_LOG_INDEX, "4f2a", resource("access-log.document.json"));

    assertThat(record.get("_id")).isEqualTo("4f2a");
    assertThat(record.get("_index")).isEqualTo(ACCESS_LOG_INDEX);
    assertThat(record.get("@timestamp")).isEqualTo(Instant.parse("2019-03-01T10:15:30.123Z").toEpochMilli());
    assertThat(((GenericRecord) record.get("client")).get("ip")).isEqualTo("203.0.113.7");
    assertThat(record.get("status")).isEqualTo(200);
    assertThat(record.get("bytes")).isEqualTo(5120L);
    assertThat(record.get("latency_ms")).isEqualTo(12.5f);
    assertThat(((GenericRecord) record.get("url")).get("path")).isEqualTo("/api/orders");
    assertThat(record.get("user_agent")).isEqualTo("Mozilla/5.0 (X11; Linux x86_64)");
    assertThat(record.get("tags")).isEqualTo(List.of("web", "production"));
    GenericRecord host = (GenericRecord) record.get("host");
    assertThat(host.get("name")).isEqualTo("web-01");
    assertThat(((GenericRecord) host.get("geo")).get("lat")).isEqualTo(52.52);
    assertThat(((GenericRecord) host.get("geo")).get("lon")).isEqualTo(13.405);
    assertThat((String) record.get("message")).startsWith("203.0.113.7 - - [01/Mar/2019");
    assertThat(GenericData.get().validate(record.getSchema(), record)).isTrue();
  }

  @Test
  void missingFieldsAndJsonNullsAreNull() {
    GenericData.Record record =
        accessLogs.convert(ACCESS_LOG_INDEX, "1", json("{\"status\": null, \"host\": {\"name\": null}}"));

    assertThat(record.get("status")).isNull();
    assertThat(record.get("bytes")).isNull();
    assertThat(((GenericRecord) record.get("host")).get("name")).isNull();
    assertThat(((GenericRecord) record.get("host")).get("geo")).isNull();
    assertThat(record.get("url")).isNull();
  }

  @Test
  void dottedKeysEqualObjectsAndBothFormsMix() {
    GenericData.Record dotted =
        accessLogs.convert(
            ACCESS_LOG_INDEX,
            "1",
            json(
                """
                {"host.name": "web-01", "host.geo.lat": 52.52, "host": {"geo": {"lon": 13.405}},
                 "url.path": "/a", "client": {"ip": "10.0.0.1"}}
                """));
    GenericData.Record nested =
        accessLogs.convert(
            ACCESS_LOG_INDEX,
            "1",
            json(
                """
                {"host": {"name": "web-01", "geo": {"lat": 52.52, "lon": 13.405}},
                 "url": {"path": "/a"}, "client": {"ip": "10.0.0.1"}}
                """));

    assertThat(dotted).isEqualTo(nested);
  }

  @Test
  void dottedKeyMatchesAFieldWhoseNameHasDots() {
    DocumentConverter converter =
        new DocumentConverter(
            schema(
                """
                {"metrics": {"type": "object", "subobjects": false, "properties": {
                   "cpu.usage": {"type": "double"}, "cpu.cores": {"type": "integer"}}}}
                """));

    GenericData.Record record =
        converter.convert("i", "1", json("{\"metrics.cpu.usage\": 0.5, \"metrics\": {\"cpu.cores\": 8}}"));

    GenericRecord metrics = (GenericRecord) record.get("metrics");
    assertThat(metrics.get("cpu.usage")).isEqualTo(0.5);
    assertThat(metrics.get("cpu.cores")).isEqualTo(8);
  }

  @Test
  void singleElementArraysUnwrapAndEmptyArraysAreNull() {
    GenericData.Record record =
        accessLogs.convert(
            ACCESS_LOG_INDEX, "1", json("{\"status\": [404], \"bytes\": [], \"message\": [null, \"m\", null]}"));

    assertThat(record.get("status")).isEqualTo(404);
    assertThat(record.get("bytes")).isNull();
    assertThat(record.get("message")).isEqualTo("m");
  }

  @Test
  void arrayFieldsHoldListsWithNullsSkippedAndNestedArraysFlattened() {
    DocumentConverter converter =
        new DocumentConverter(
            schema(
                """
                {"tags": {"type": "keyword"}, "ports": {"type": "integer"},
                 "headers": {"properties": {"name": {"type": "keyword"}}}, "ids": {"type": "long"}}
                """,
                "tags",
                "ports",
                "headers",
                "ids"));

    GenericData.Record record =
        converter.convert(
            "i",
            "1",
            json(
                """
                {"tags": "single", "ports": [80, null, [443, "8080"]],
                 "headers": [{"name": "Accept"}, {"name": "Host"}], "ids": []}
                """));

    assertThat(record.get("tags")).isEqualTo(List.of("single"));
    assertThat(record.get("ports")).isEqualTo(List.of(80, 443, 8080));
    assertThat((List<?>) record.get("headers"))
        .extracting(header -> ((GenericRecord) header).get("name"))
        .containsExactly("Accept", "Host");
    assertThat(record.get("ids")).isEqualTo(List.of());
  }

  @Test
  void nestedFieldsHoldOneRecordPerNestedDocument() {
    DocumentConverter converter =
        new DocumentConverter(
            schema(
                """
                {"comments": {"type": "nested", "properties": {
                  "author": {"type": "keyword"}, "likes": {"type": "integer"}}}}
                """));

    List<?> many =
        (List<?>)
            converter
                .convert("i", "1", json("{\"comments\": [{\"author\": \"ann\", \"likes\": 3}, {\"author\": \"bob\"}]}"))
                .get("comments");
    List<?> one = (List<?>) converter.convert("i", "2", json("{\"comments\": {\"author\": \"cy\"}}")).get("comments");
    List<?> dotted =
        (List<?>)
            converter.convert("i", "3", json("{\"comments.author\": \"dee\", \"comments.likes\": 1}")).get("comments");

    assertThat(many).extracting(c -> ((GenericRecord) c).get("author")).containsExactly("ann", "bob");
    assertThat(many).extracting(c -> ((GenericRecord) c).get("likes")).containsExactly(3, null);
    assertThat(one).extracting(c -> ((GenericRecord) c).get("author")).containsExactly("cy");
    // Like Elasticsearch, each dotted key into a nested field is a nested document of its own.
    assertThat(dotted).extracting(c -> ((GenericRecord) c).get("author")).containsExactly("dee", null);
  }

  @Test
  void routingIsKeptAndMetadataColumnsAreFilled() {
    GenericData.Record routed = accessLogs.convert(ACCESS_LOG_INDEX, "1", "user-7", json("{\"status\": 200}"));
    GenericData.Record plain = accessLogs.convert(ACCESS_LOG_INDEX, "2", json("{\"status\": 200}"));

    assertThat(routed.get("_routing")).isEqualTo("user-7");
    assertThat(plain.get("_routing")).isNull();
    assertThat(plain.get("_overflow")).isNull();
  }

  @Test
  void keepSourceStoresTheRawSourceAsCompactJson() {
    ArchiveSchema schema =
        ArchiveSchema.fromMapping(
            "i", mappingWith("{\"a\": {\"type\": \"integer\"}}"), options(false).withKeepSource(true));

    GenericData.Record record =
        new DocumentConverter(schema).convert("i", "1", json("{ \"a\" : \"1\", \"b\" : [ 1, null ] }"));

    assertThat(record.get("a")).isEqualTo(1);
    assertThat(record.get("_source")).isEqualTo("{\"a\":\"1\",\"b\":[1,null]}");
  }

  @Test
  void unsignedLongIsADecimalOfTwentyDigits() {
    DocumentConverter converter = new DocumentConverter(schema("{\"counter\": {\"type\": \"unsigned_long\"}}"));

    assertThat(unsignedLong(converter.convert("i", "1", json("{\"counter\": 18446744073709551615}"))))
        .isEqualTo(new BigDecimal("18446744073709551615"));
    assertThat(unsignedLong(converter.convert("i", "1", json("{\"counter\": 9223372036854775808}"))))
        .isEqualTo(new BigDecimal("9223372036854775808"));
    assertThat(unsignedLong(converter.convert("i", "1", json("{\"counter\": \"42\"}")))).isEqualTo(BigDecimal.valueOf(42));
    assertThat(unsignedLong(converter.convert("i", "1", json("{\"counter\": 7.0}")))).isEqualTo(BigDecimal.valueOf(7));
    assertThat(unsignedLong(converter.convert("i", "1", json("{\"counter\": 0}")))).isEqualTo(BigDecimal.ZERO);
    assertThat(converter.convert("i", "1", json("{\"counter\": 18446744073709551616}")).get("counter")).isNull();
  }

  private static BigDecimal unsignedLong(GenericRecord record) {
    GenericFixed fixed = (GenericFixed) record.get("counter");
    assertThat(fixed.bytes()).hasSize(9);
    return new Conversions.DecimalConversion()
        .fromFixed(fixed, fixed.getSchema(), fixed.getSchema().getLogicalType());
  }

  @Test
  void avroSafeNamesPutValuesUnderTheRenamedFields() {
    ArchiveSchema schema =
        ArchiveSchema.fromMapping(
            "i",
            mappingWith(
                """
                {"@timestamp": {"type": "date"}, "user-agent": {"properties": {"os.name": {"type": "keyword"}}}}
                """),
            options(true));

    GenericData.Record record =
        new DocumentConverter(schema)
            .convert("i", "1", json("{\"@timestamp\": 0, \"user-agent.os.name\": \"Linux\"}"));

    assertThat(record.get("_timestamp")).isEqualTo(0L);
    assertThat(((GenericRecord) record.get("user_agent")).get("os_name")).isEqualTo("Linux");
  }

  @Test
  void keepsNoValuesBetweenDocuments() {
    GenericData.Record first =
        accessLogs.convert(ACCESS_LOG_INDEX, "1", json("{\"status\": 500, \"host\": {\"name\": \"a\"}}"));
    GenericData.Record second = accessLogs.convert(ACCESS_LOG_INDEX, "2", json("{\"bytes\": 1}"));

    assertThat(first.get("status")).isEqualTo(500);
    assertThat(second.get("status")).isNull();
    assertThat(second.get("host")).isNull();
    assertThat(second.get("_id")).isEqualTo("2");
  }

  @Test
  void convertersOfOneSchemaAreIndependent() {
    ArchiveSchema schema = accessLogSchema();
    GenericData.Record fromFirst = new DocumentConverter(schema).convert("a", "1", json("{\"status\": 1}"));
    GenericData.Record fromSecond = new DocumentConverter(schema).convert("a", "1", json("{\"status\": 1}"));

    assertThat(fromFirst).isEqualTo(fromSecond).isNotSameAs(fromSecond);
  }
}
