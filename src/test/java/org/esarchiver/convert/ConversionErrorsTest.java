package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.esarchiver.convert.ConvertFixtures.json;
import static org.esarchiver.convert.ConvertFixtures.options;
import static org.esarchiver.convert.ConvertFixtures.recordedMappings;
import static org.esarchiver.convert.ConvertFixtures.schema;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a document can fail, each naming index, document and field. */
class ConversionErrorsTest {

  private static final String INDEX = "logs-2019.03.01";
  private static final DocumentConverter ACCESS_LOGS =
      new DocumentConverter(
          ArchiveSchema.fromMapping(INDEX, recordedMappings("access-logs.mapping.json"), options(false, "tags")));

  static Stream<Arguments> invalidAccessLogs() {
    return Stream.of(
        rejected("{\"status\": \"abc\"}", "status", ": expected an integer, got \"abc\""),
        rejected("{\"status\": 3.5}", "status", ": expected an integer, got 3.5"),
        rejected("{\"status\": \"3.5\"}", "status", ": expected an integer, got \"3.5\""),
        rejected(
            "{\"status\": 3000000000}",
            "status",
            ": expected an integer from -2147483648 to 2147483647, got 3000000000"),
        rejected("{\"status\": true}", "status", ": expected an integer, got true"),
        rejected("{\"status\": {\"code\": 200}}", "status", ": expected an integer, got {\"code\":200}"),
        rejected(
            "{\"bytes\": 9223372036854775808}",
            "bytes",
            ": expected a long integer from -9223372036854775808 to 9223372036854775807, got 9223372036854775808"),
        rejected("{\"latency_ms\": \"NaN\"}", "latency_ms", ": expected a float, got \"NaN\""),
        rejected("{\"latency_ms\": 1e39}", "latency_ms", ": expected a finite float, got 1.0E39"),
        rejected("{\"message\": {\"text\": \"x\"}}", "message", ": expected a string, got {\"text\":\"x\"}"),
        rejected(
            "{\"message\": [\"a\", null, \"b\"]}",
            "message",
            ": expected a single value, got 2 values [\"a\",null,\"b\"]; add 'message' to array_fields of the job to"
                + " keep them all"),
        rejected("{\"tags\": [\"ok\", {\"k\": 1}]}", "tags", ": expected a string, got {\"k\":1}"),
        rejected(
            "{\"@timestamp\": \"yesterday\"}",
            "@timestamp",
            ": expected a date in format strict_date_optional_time||epoch_millis, got \"yesterday\""),
        rejected(
            "{\"host\": {\"geo\": \"somewhere, over\"}}",
            "host.geo",
            ": expected a geo_point ({\"lat\":..,\"lon\":..}, \"lat,lon\", [lon, lat], \"POINT (lon lat)\" or a"
                + " geohash), got \"somewhere, over\""),
        rejected(
            "{\"host\": {\"geo\": {\"lat\": 91, \"lon\": 0}}}",
            "host.geo",
            ": expected a geo_point with latitude in [-90, 90] and longitude in [-180, 180], got"
                + " {\"lat\":91,\"lon\":0}"),
        rejected("{\"host\": \"web-01\"}", "host", ": expected an object, got \"web-01\""),
        rejected(
            "{\"host\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}",
            "host",
            ": expected a single value, got 2 values [{\"name\":\"a\"},{\"name\":\"b\"}]; add 'host' to array_fields"
                + " of the job to keep them all"),
        rejected(
            "{\"host\": {\"name\": \"a\"}, \"host.name\": \"b\"}",
            "host.name",
            ": expected a single value, got 2 values [\"a\",\"b\"]; add 'host.name' to array_fields of the job to keep"
                + " them all"),
        rejected("{\"referrer\": \"https://example.com\"}", "referrer", " is not in the index mapping"),
        rejected("{\"host\": {\"os\": \"linux\"}}", "host.os", " is not in the index mapping"),
        rejected("{\"host.os.name\": \"linux\"}", "host.os.name", " is not in the index mapping"),
        rejected("{\"status.code\": 200}", "status.code", " is not in the index mapping"),
        rejected("{\"user_agent.keyword\": \"curl\"}", "user_agent.keyword", " is not in the index mapping"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidAccessLogs")
  void namesIndexDocumentFieldExpectationAndValue(String document, String field, String problem) {
    ConversionException error =
        catchThrowableOfType(ConversionException.class, () -> ACCESS_LOGS.convert(INDEX, "4f2a", json(document)));

    assertThat(error).hasMessage("index " + INDEX + ", document 4f2a: field '" + field + "'" + problem);
    assertThat(error.index()).isEqualTo(INDEX);
    assertThat(error.documentId()).isEqualTo("4f2a");
    assertThat(error.field()).isEqualTo(field);
  }

  @Test
  void briefExampleMessage() {
    assertThatThrownBy(() -> ACCESS_LOGS.convert(INDEX, "4f2a", json("{\"status\": \"abc\"}")))
        .isInstanceOf(ConversionException.class)
        .hasMessage("index logs-2019.03.01, document 4f2a: field 'status': expected an integer, got \"abc\"");
  }

  @Test
  void fieldsInsideNestedDocumentsAreNamedByTheirFullPath() {
    DocumentConverter converter =
        new DocumentConverter(
            schema("{\"comments\": {\"type\": \"nested\", \"properties\": {\"likes\": {\"type\": \"integer\"}}}}"));

    assertThatThrownBy(
            () -> converter.convert("i", "7", json("{\"comments\": [{\"likes\": 1}, {\"likes\": \"many\"}]}")))
        .hasMessage("index i, document 7: field 'comments.likes': expected an integer, got \"many\"");
    assertThatThrownBy(() -> converter.convert("i", "7", json("{\"comments\": [\"nice\"]}")))
        .hasMessage("index i, document 7: field 'comments': expected an object, got \"nice\"");
    assertThatThrownBy(() -> converter.convert("i", "7", json("{\"comments\": [{\"author\": \"ann\"}]}")))
        .hasMessage("index i, document 7: field 'comments.author' is not in the index mapping");
  }

  @Test
  void otherScalarMismatches() {
    DocumentConverter converter =
        new DocumentConverter(
            schema("{\"flag\": {\"type\": \"boolean\"}, \"counter\": {\"type\": \"unsigned_long\"}}"));

    assertThatThrownBy(() -> converter.convert("i", "1", json("{\"flag\": \"yes\"}")))
        .hasMessage("index i, document 1: field 'flag': expected a boolean (true or false), got \"yes\"");
    assertThatThrownBy(() -> converter.convert("i", "1", json("{\"flag\": 1}")))
        .hasMessage("index i, document 1: field 'flag': expected a boolean (true or false), got 1");
    assertThatThrownBy(() -> converter.convert("i", "1", json("{\"counter\": -1}")))
        .hasMessage(
            "index i, document 1: field 'counter': expected an unsigned long integer from 0 to 18446744073709551615,"
                + " got -1");
  }

  @Test
  void longValuesAreCutInTheMessage() {
    String longText = "x".repeat(300);

    assertThatThrownBy(() -> ACCESS_LOGS.convert(INDEX, "1", json("{\"status\": \"" + longText + "\"}")))
        .hasMessage(
            "index " + INDEX + ", document 1: field 'status': expected an integer, got \""
                + "x".repeat(99)
                + "... (302 characters)");
  }

  @Test
  void sourceMustBeAnObject() {
    assertThatThrownBy(() -> ACCESS_LOGS.convert(INDEX, "1", null))
        .isInstanceOf(ConversionException.class)
        .hasMessage("index " + INDEX + ", document 1: field '_source': expected an object, got no _source");
    assertThatThrownBy(() -> ACCESS_LOGS.convert(INDEX, "1", MissingNode.getInstance()))
        .hasMessage("index " + INDEX + ", document 1: field '_source': expected an object, got no _source");
    assertThatThrownBy(() -> ACCESS_LOGS.convert(INDEX, "1", json("[1]")))
        .hasMessage("index " + INDEX + ", document 1: field '_source': expected an object, got [1]");
  }

  private static Arguments rejected(String document, String field, String problem) {
    return Arguments.of(document, field, problem);
  }
}
