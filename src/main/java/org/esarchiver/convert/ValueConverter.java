package org.esarchiver.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

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

  /**
   * The Avro value of the scalar token (string, number or boolean) the parser is at: exactly what {@link #convert} gives
   * for that token's node. The converters of common columns override it to skip building the node.
   */
  default Object convertScalar(JsonParser parser, Conversion conversion) throws IOException {
    return convert(ConvertJson.readValue(parser), conversion);
  }

  /**
   * The Avro value of the object the parser is at (at its START_OBJECT; consumed): what {@link #convert} gives for its
   * node, or {@link Column#NOT_STREAMED} if it needs the document's tree after all.
   */
  default Object convertObject(JsonParser parser, Conversion conversion) throws IOException {
    return convert(ConvertJson.readValue(parser), conversion);
  }

  /** Whether {@link #isSingleValue} may be true: arrays are then not taken element by element while streaming. */
  default boolean takesArrays() {
    return false;
  }
}
