package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one JSON value into the Avro value of a column (or of a list element). Implementations are immutable and
 * shared by all threads; they throw {@link RejectedValue} for values that do not fit.
 */
interface ValueConverter {

  /**
   * @param value neither Java null nor JSON null
   * @return the Avro value, or null where Elasticsearch treats the value as absent (an empty string in a numeric
   *     field)
   */
  Object convert(JsonNode value);

  /** Whether this JSON array is one value of the column, like a {@code [lon, lat]} geo_point, not a list of values. */
  default boolean isSingleValue(JsonNode array) {
    return false;
  }
}
