package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one JSON value into the Avro value of a column (or of a list element). Implementations are immutable and
 * shared by all threads; they throw {@link RejectedValue} for values that do not fit, and the {@link Column} that called
 * them puts the value into {@code _overflow} instead.
 */
interface ValueConverter {

  /**
   * @param value neither Java null nor JSON null
   * @param conversion the document being converted: where values a converter keeps only in part go (see {@link
   *     Conversion#inexact})
   * @return the Avro value, or null where Elasticsearch treats the value as absent (an empty string in a numeric
   *     field)
   */
  Object convert(JsonNode value, Conversion conversion);

  /** Whether this JSON array is one value of the column, like a {@code [lon, lat]} geo_point, not a list of values. */
  default boolean isSingleValue(JsonNode array) {
    return false;
  }
}
