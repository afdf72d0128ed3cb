package org.esarchiver.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;

/**
 * The JSON plumbing shared by the package: one node factory, and one mapper for the JSON text the archive stores
 * ({@code _overflow}, JSON text columns), which reads decimals as {@link java.math.BigDecimal} so that no digit a
 * document had is lost on the way back.
 */
final class ConvertJson {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /**
   * Doubles are read with FastDoubleParser (the same double as {@link Double#parseDouble}, without a String per
   * number): the JDK's parser was 8% of the time spent converting the bench documents. Byte input is read by {@link
   * ScannedStringParser}s.
   */
  private static final ObjectMapper MAPPER = new ObjectMapper(new ScannedStringParser.Factory(
      new JsonFactoryBuilder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)))
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private ConvertJson() {}

  /** Parses JSON text the converter wrote ({@code _overflow}, JSON text columns). */
  static JsonNode parse(CharSequence text) {
    try {
      return MAPPER.readTree(text.toString());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON text: " + RejectedValue.cut(text.toString()), e);
    }
  }

  /** The factory of the parsers of {@code _source}: a search page's parser must be one of its parsers. */
  static JsonFactory factory() {
    return MAPPER.getFactory();
  }

  /** A parser of JSON bytes (a document's {@code _source}) that reads values as {@link #parse} does. */
  static JsonParser parser(byte[] json, int offset, int length) throws IOException {
    return MAPPER.createParser(json, offset, length);
  }

  /** The node of the value the parser is at (a scalar, or a whole object or array), as {@link #parse} reads it. */
  static JsonNode readValue(JsonParser parser) throws IOException {
    return MAPPER.readTree(parser);
  }

  /** JSON bytes as a tree, as {@link #parse} reads text. */
  static JsonNode parse(byte[] json, int offset, int length) throws IOException {
    return MAPPER.readTree(parser(json, offset, length));
  }
}
