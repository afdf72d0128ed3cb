package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.esarchiver.convert.ConvertFixtures.json;
import static org.esarchiver.convert.ConvertFixtures.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceRebuilderTest {

  private static final ArchiveSchema SCHEMA =
      schema(
          """
          {"@timestamp": {"type": "date"}, "epoch": {"type": "date", "format": "epoch_millis"},
           "seconds": {"type": "date", "format": "epoch_second"},
           "logged": {"type": "date", "format": "dd/MMM/yyyy:HH:mm:ss Z", "locale": "en"},
           "day": {"type": "date", "format": "yyyy-MM-dd||epoch_millis"},
           "precise": {"type": "date_nanos"}, "nanos_epoch": {"type": "date_nanos", "format": "epoch_millis"},
           "status": {"type": "short"}, "counter": {"type": "unsigned_long"}, "ratio": {"type": "float"},
           "geo": {"type": "geo_point"}, "blob": {"type": "binary"}, "labels": {"type": "flattened"},
           "join": {"type": "join"}, "net": {"type": "ip_range"}, "shape": {"type": "geo_shape"},
           "suggest": {"type": "completion"}, "tags": {"type": "keyword"},
           "host": {"properties": {"name": {"type": "keyword"}, "os": {"properties": {"name": {"type": "keyword"}}}}},
           "comments": {"type": "nested", "properties": {"author": {"type": "keyword"}, "at": {"type": "date_nanos"}}}}
          """,
          "tags");
  private static final DocumentConverter CONVERTER = new DocumentConverter(SCHEMA);
  private static final SourceRebuilder REBUILDER = new SourceRebuilder(SCHEMA);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {"@timestamp": "2019-03-01T11:15:30.123+01:00"}   | {"@timestamp": "2019-03-01T10:15:30.123Z"}
          {"@timestamp": 1551435330000}                     | {"@timestamp": "2019-03-01T10:15:30Z"}
          {"epoch": "2019"}                                 | {"epoch": 2019}
          {"seconds": 1551435330.5}                         | {"seconds": 1551435330.5}
          {"logged": "01/Mar/2019:11:15:30 +0100"}          | {"logged": "01/Mar/2019:10:15:30 +0000"}
          {"day": "2019-03-01"}                             | {"day": "2019-03-01"}
          {"day": 1551435330123}                            | {"day": 1551435330123}
          {"precise": "2019-03-01T10:15:30.123456Z"}        | {"precise": "2019-03-01T10:15:30.123456Z"}
          {"precise": "2019-03-01T12:15:30.1234567+02:00"}  | {"precise": "2019-03-01T12:15:30.1234567+02:00"}
          {"nanos_epoch": 1551435330123.456}                | {"nanos_epoch": 1551435330123.456}
          {"status": "200"}                                 | {"status": 200}
          {"counter": "18446744073709551615"}               | {"counter": 18446744073709551615}
          {"counter": 42}                                   | {"counter": 42}
          {"ratio": "0.1"}                                  | {"ratio": 0.1}
          {"geo": "41.12,-71.34"}                           | {"geo": {"lat": 41.12, "lon": -71.34}}
          {"blob": "AAE"}                                   | {"blob": "AAE="}
          {"labels": {"a": {"b": 1}, "c": [true]}}          | {"labels": {"a.b": "1", "c": "true"}}
          {"labels": {"a": ["x", "y"], "b": "z"}}           | {"labels": {"b": "z", "a": ["x", "y"]}}
          {"join": {"name": "question"}}                    | {"join": "question"}
          {"join": {"name": "answer", "parent": "1"}}       | {"join": {"name": "answer", "parent": "1"}}
          {"net": "10.0.0.0/8"}                             | {"net": "10.0.0.0/8"}
          {"net": {"gte": "10.0.0.1"}}                      | {"net": {"gte": "10.0.0.1"}}
          {"shape": "POINT (1 2)"}                          | {"shape": "POINT (1 2)"}
          {"shape": {"type": "Point", "coordinates": [1, 2]}} | {"shape": {"type": "Point", "coordinates": [1, 2]}}
          {"suggest": "Nirvana"}                            | {"suggest": "Nirvana"}
          {"tags": "one"}                                   | {"tags": ["one"]}
          {"host.name": "a", "host.os.name": "b"}           | {"host": {"name": "a", "os": {"name": "b"}}}
          {"host.os.version": 14, "host.os": {"name": "b"}} | {"host": {"os": {"name": "b", "version": 14}}}
          {"labels": {"b": "z"}, "labels.c": [1, 2]}        | {"labels": {"b": "z", "c": [1, 2]}}
          {"host": {}}                                      | {"host": {}}
          {"comments.author": "ann"}                        | {"comments": [{"author": "ann"}]}
          """)
  void rebuildsTypedColumnsInTheirFieldsForms(String source, String expected) {
    JsonNode rebuilt = REBUILDER.rebuild(CONVERTER.convert("i", "1", json(source)));

    assertThat(Canonical.text(rebuilt)).isEqualTo(Canonical.text(json(expected)));
  }

  @Test
  void writesEpochNumbersInPlainNotation() {
    assertThat(
            REBUILDER
                .rebuild(CONVERTER.convert("i", "1", json("{\"nanos_epoch\": 1551435330123.456, \"seconds\": 1.5}")))
                .toString())
        .isEqualTo("{\"seconds\":1.5,\"nanos_epoch\":1551435330123.456}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {"status": "abc", "referrer": "x"}
          {"host": {"os": {"name": "b", "version": 14}, "cpu": 4}}
          {"status.code": 200, "status": 1}
          {"comments": [{"author": "ann", "mood": {"x": [1, null]}}, {"author": "bob", "at": "soon"}]}
          {"comments": [{"at": "2019-03-01T10:15:30.123456789Z"}]}
          {"precise": ["2019-03-01T10:15:30.123456789Z"]}
          {"labels": {"a": ["x", "y"], "b": "z"}}
          {"tags": ["a", {"b": 1}]}
          {"host": "not an object", "geo": [1, 2, 3, 4]}
          {"a.b.c": null, "nul": null, "empty": {}, "list": []}
          """)
  void putsOverflowBackExactlyWhereItWas(String source) {
    JsonNode rebuilt = REBUILDER.rebuild(CONVERTER.convert("i", "1", json(source)));

    assertThat(Canonical.text(rebuilt)).isEqualTo(Canonical.text(json(source)));
  }

  @Test
  void keepsEveryDigitOfNumbersInOverflowAndJsonText() throws Exception {
    String source =
        "{\"exact\":3.14159265358979323846264338327950288,\"trailing\":1.50,\"huge\":1E+400,"
            + "\"suggest\":{\"weight\":0.100000000000000000001}}";
    JsonNode exact = ConvertFixtures.EXACT_JSON.readTree(source);

    JsonNode rebuilt = REBUILDER.rebuild(CONVERTER.convert("i", "1", exact));

    assertThat(rebuilt.toString())
        .contains("3.14159265358979323846264338327950288", "0.100000000000000000001", "1E+400");
    assertThat(Canonical.text(rebuilt)).isEqualTo(Canonical.text(exact));
    assertThat(SourceEquivalence.differences(exact, rebuilt, SCHEMA)).isEmpty();
  }

  @Test
  void rebuildsHitsWithMetadata() {
    JsonNode hit = REBUILDER.rebuildHit(CONVERTER.convert("logs-1", "4f2a", "user-7", json("{\"status\": 1}")));
    JsonNode unrouted = REBUILDER.rebuildHit(CONVERTER.convert("logs-1", "4f2b", json("{}")));

    assertThat(hit)
        .isEqualTo(json("{\"_index\": \"logs-1\", \"_id\": \"4f2a\", \"_routing\": \"user-7\", \"_source\": {\"status\": 1}}"));
    assertThat(unrouted).isEqualTo(json("{\"_index\": \"logs-1\", \"_id\": \"4f2b\", \"_source\": {}}"));
  }

  @Test
  void takesTheValuesOtherAvroReadersGive() {
    String source =
        """
        {"@timestamp": "2019-03-01T10:15:30.123Z", "precise": "2019-03-01T10:15:30.123456Z", "counter": 18446744073709551615,
         "blob": "AAEC", "labels": {"env": "prod"}, "tags": ["a"], "host": {"name": "h"}, "join": "q",
         "comments": [{"author": "ann", "x": 1}], "status": "abc"}
        """;
    GenericData.Record record = CONVERTER.convert("i", "1", json(source));

    JsonNode rebuilt = REBUILDER.rebuild((GenericRecord) asOtherReadersGiveIt(record, record.getSchema()));

    assertThat(SourceEquivalence.differences(json(source), rebuilt, SCHEMA)).isEmpty();
    assertThat(rebuilt).isEqualTo(REBUILDER.rebuild(record));
  }

  @Test
  void rejectsRowsOfAnotherSchema() {
    GenericData.Record other = new DocumentConverter(schema("{\"a\": {\"type\": \"keyword\"}}")).convert("i", "1",
        json("{}"));

    assertThatThrownBy(() -> REBUILDER.rebuild(other)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The record as a reader without {@code avro.java.string} and with Avro's logical type conversions gives it: {@link
   * Utf8} strings and map keys, {@link BigDecimal} decimals, {@link Instant} timestamps, read-only byte buffers.
   */
  private static Object asOtherReadersGiveIt(Object value, Schema schema) {
    if (value == null) {
      return null;
    }
    Schema type = schema.getType() == Schema.Type.UNION ? schema.getTypes().get(1) : schema;
    if (type.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
      return Instant.ofEpochMilli((Long) value);
    }
    if (type.getLogicalType() instanceof LogicalTypes.TimestampMicros) {
      long micros = (Long) value;
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
    return switch (type.getType()) {
      case STRING -> new Utf8(value.toString());
      case FIXED -> new BigDecimal(new BigInteger(((GenericFixed) value).bytes()));
      case BYTES -> ((ByteBuffer) value).asReadOnlyBuffer();
      case RECORD -> {
        GenericData.Record copy = new GenericData.Record(type);
        for (Schema.Field field : type.getFields()) {
          copy.put(field.pos(), asOtherReadersGiveIt(((GenericRecord) value).get(field.pos()), field.schema()));
        }
        yield copy;
      }
      case ARRAY -> {
        List<Object> copy = new ArrayList<>();
        for (Object element : (List<?>) value) {
          copy.add(asOtherReadersGiveIt(element, type.getElementType()));
        }
        yield new GenericData.Array<>(type, copy);
      }
      case MAP -> {
        Map<Utf8, Object> copy = new LinkedHashMap<>();
        ((Map<?, ?>) value)
            .forEach((key, element) -> copy.put(new Utf8(key.toString()), asOtherReadersGiveIt(element,
                type.getValueType())));
        yield copy;
      }
      default -> value;
    };
  }
}
