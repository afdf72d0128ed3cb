package org.esarchiver.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.time.Instant;

/**
 * A {@code date} (to epoch milliseconds, for Avro {@code timestamp-millis}) or {@code date_nanos} (to epoch
 * microseconds, for {@code timestamp-micros}) field, parsed with the field's mapped formats. Numbers are parsed as
 * their text, as Elasticsearch does, so the order of the formats decides what {@code 2019} means.
 *
 * <p>Sub-millisecond digits of a {@code date} are dropped, as Elasticsearch itself drops them. A {@code date_nanos}
 * value keeps its microseconds in the column (Parquet engines widely read {@code TIMESTAMP(MICROS)}, and parquet-avro
 * 1.15 with Avro 1.11 cannot write {@code TIMESTAMP(NANOS)}); when it has digits below the microsecond it is flagged
 * {@link Conversion#inexact}, so its column also keeps the raw value in {@code _overflow}.
 */
record TimestampConverter(DateParser format, boolean micros) implements ValueConverter {

  @Override
  public Object convert(JsonNode value, Conversion conversion) {
    return timestamp(parse(format, value), value, conversion);
  }

  @Override
  public Object convertScalar(JsonParser parser, Conversion conversion) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      return ValueConverter.super.convertScalar(parser, conversion);
    }
    String text = parser.getText();
    return timestamp(format.parse(text), TextNode.valueOf(text), conversion);
  }

  /** The column's value of {@code instant}, parsed from {@code value} (null if it was not a date). */
  private Object timestamp(Instant instant, JsonNode value, Conversion conversion) {
    if (instant == null) {
      throw RejectedValue.expected("a date in format " + format, value);
    }
    try {
      if (!micros) {
        return instant.toEpochMilli();
      }
      if (instant.getNano() % 1_000 != 0) {
        conversion.inexact = true;
      }
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    } catch (ArithmeticException e) {
      throw RejectedValue.expected("a date within the range of the column's timestamps", value);
    }
  }

  /** The instant a JSON string or number denotes in {@code format}, or null. */
  static Instant parse(DateParser format, JsonNode value) {
    String text;
    if (value.isTextual()) {
      text = value.textValue();
    } else if (value.isIntegralNumber()) {
      text = value.asText();
    } else if (value.isFloatingPointNumber() && Double.isFinite(value.doubleValue())) {
      text = value.decimalValue().toPlainString();
    } else {
      return null;
    }
    return format.parse(text);
  }
}
