package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A {@code date} (to epoch milliseconds, for Avro {@code timestamp-millis}) or {@code date_nanos} (to epoch
 * microseconds, for {@code timestamp-micros}) field, parsed with the field's mapped formats. Numbers are parsed as
 * their text, as Elasticsearch does, so the order of the formats decides what {@code 2019} means.
 *
 * <p>Precision below the column's unit is truncated toward the past: sub-millisecond digits of a {@code date} (which
 * Elasticsearch itself does not keep either) and the last three digits of a nanosecond {@code date_nanos} value,
 * because Parquet engines widely support microsecond but not nanosecond timestamps.
 */
record TimestampConverter(DateParser format, boolean micros) implements ValueConverter {

  @Override
  public Object convert(JsonNode value) {
    String text;
    if (value.isTextual()) {
      text = value.textValue();
    } else if (value.isIntegralNumber()) {
      text = value.asText();
    } else if (value.isFloatingPointNumber() && Double.isFinite(value.doubleValue())) {
      text = value.decimalValue().toPlainString();
    } else {
      throw RejectedValue.expected("a date in format " + format, value);
    }
    Instant instant = format.parse(text);
    if (instant == null) {
      throw RejectedValue.expected("a date in format " + format, value);
    }
    try {
      return micros
          ? Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000)
          : instant.toEpochMilli();
    } catch (ArithmeticException e) {
      throw RejectedValue.expected("a date within the range of the column's timestamps", value);
    }
  }
}
