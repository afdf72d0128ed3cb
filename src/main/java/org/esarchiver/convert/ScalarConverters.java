package org.esarchiver.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Converters for the leaf columns, coercing like Elasticsearch's defaults: numbers may arrive as strings ({@code
 * "42"}), a whole number may have a zero fraction ({@code 3.0}), an empty string in a numeric field is no value,
 * booleans may be {@code "true"}/{@code "false"} (and {@code ""} is false), numbers and booleans in string columns
 * become their text. Unlike Elasticsearch, a fraction in an integer column is not truncated: the value goes to
 * {@code _overflow}, since an archive must not change data.
 */
final class ScalarConverters {

  static final ValueConverter STRING = new StringConverter();
  static final ValueConverter JSON_TEXT = (value, conversion) -> value.toString();
  static final ValueConverter BOOLEAN = new Streamable(ScalarConverters::bool, ScalarConverters::booleanToken);
  static final ValueConverter INTEGER = new IntConverter(Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer");
  static final ValueConverter SHORT = new IntConverter(Short.MIN_VALUE, Short.MAX_VALUE, "a short integer");
  static final ValueConverter BYTE = new IntConverter(Byte.MIN_VALUE, Byte.MAX_VALUE, "a byte integer");
  static final ValueConverter LONG = new Streamable(ScalarConverters::longInteger, ScalarConverters::longToken);
  static final ValueConverter FLOAT = new Streamable(ScalarConverters::floatingPoint, ScalarConverters::floatToken);
  static final ValueConverter DOUBLE = ScalarConverters::doublePrecision;
  static final ValueConverter BINARY = ScalarConverters::binary;
  static final ValueConverter DENSE_VECTOR = new DenseVectorConverter();

  /** More integer digits than any integer column takes; bounds the work spent on values like {@code 1e999999999}. */
  private static final int MAX_WHOLE_DIGITS = 30;

  private ScalarConverters() {}

  static ValueConverter integer(String elasticsearchType) {
    return switch (elasticsearchType) {
      case "short" -> SHORT;
      case "byte" -> BYTE;
      default -> INTEGER;
    };
  }

  /** Reads the token a parser is at the way a converter reads its node; {@link #TREE} for tokens it leaves to it. */
  @FunctionalInterface
  private interface TokenReader {
    Object read(JsonParser parser) throws IOException;
  }

  private static final Object TREE = new Object();

  /** A converter of nodes that reads the common tokens straight from the parser, with the same result. */
  private record Streamable(ValueConverter nodes, TokenReader tokens) implements ValueConverter {
    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      return nodes.convert(value, conversion);
    }

    @Override
    public Object convertScalar(JsonParser parser, Conversion conversion) throws IOException {
      Object value = tokens.read(parser);
      return value != TREE ? value : ValueConverter.super.convertScalar(parser, conversion);
    }
  }

  /**
   * Strings streamed from JSON bytes are the bytes' {@link org.apache.avro.util.Utf8} where they can be (no escape in
   * the value): the writer takes them as they are, with no String decoded and encoded again on the way.
   */
  private static final class StringConverter implements ValueConverter {
    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      return string(value, conversion);
    }

    @Override
    public Object convertScalar(JsonParser parser, Conversion conversion) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return ValueConverter.super.convertScalar(parser, conversion);
      }
      Object raw = conversion.rawString(parser);
      if (raw != null) {
        return raw;
      }
      String text = parser.getText();
      return JsonText.hasLoneSurrogate(text) ? ValueConverter.super.convertScalar(parser, conversion) : text;
    }
  }

  private static Object booleanToken(JsonParser parser) {
    return switch (parser.currentToken()) {
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> TREE;
    };
  }

  private static Object longToken(JsonParser parser) throws IOException {
    return parser.currentToken() == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER ? parser.getLongValue() : TREE;
  }

  /** A JSON number's double is the same whether read from its text (here) or from its BigDecimal (the node). */
  private static Object floatToken(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_FLOAT
        || token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      float number = (float) parser.getDoubleValue();
      return Float.isFinite(number) ? number : TREE;
    }
    return TREE;
  }

  private static Object string(JsonNode value, Conversion conversion) {
    if (value.isTextual()) {
      if (JsonText.hasLoneSurrogate(value.textValue())) {
        // UTF-8 (Parquet's strings) cannot hold it: kept escaped in _overflow instead.
        throw RejectedValue.expected("a string of valid UTF-16 (no lone surrogate)", value);
      }
      return value.textValue();
    }
    if (value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    throw RejectedValue.expected("a string", value);
  }

  private static Object bool(JsonNode value, Conversion conversion) {
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      switch (value.textValue()) {
        case "true":
          return Boolean.TRUE;
        case "false":
        case "":
          return Boolean.FALSE;
        default:
          break;
      }
    }
    throw RejectedValue.expected("a boolean (true or false)", value);
  }

  private record IntConverter(int min, int max, String expectation) implements ValueConverter {
    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      if (value.isInt() && value.intValue() >= min && value.intValue() <= max) {
        return value.intValue();
      }
      if (isEmptyString(value)) {
        return null;
      }
      BigInteger whole = wholeNumber(value, expectation);
      if (whole.bitLength() > 31 || whole.intValue() < min || whole.intValue() > max) {
        throw RejectedValue.expected(expectation + " from " + min + " to " + max, value);
      }
      return whole.intValue();
    }

    @Override
    public Object convertScalar(JsonParser parser, Conversion conversion) throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
          && parser.getNumberType() == JsonParser.NumberType.INT) {
        int number = parser.getIntValue();
        if (number >= min && number <= max) {
          return number;
        }
      }
      return ValueConverter.super.convertScalar(parser, conversion);
    }
  }

  private static Object longInteger(JsonNode value, Conversion conversion) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (isEmptyString(value)) {
      return null;
    }
    BigInteger whole = wholeNumber(value, "a long integer");
    if (whole.bitLength() > 63) {
      throw RejectedValue.expected("a long integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE, value);
    }
    return whole.longValue();
  }

  private static Object floatingPoint(JsonNode value, Conversion conversion) {
    if (isEmptyString(value)) {
      return null;
    }
    float number = (float) decimalNumber(value, "a float");
    if (!Float.isFinite(number)) {
      throw RejectedValue.expected("a finite float", value);
    }
    return number;
  }

  private static Object doublePrecision(JsonNode value, Conversion conversion) {
    if (isEmptyString(value)) {
      return null;
    }
    double number = decimalNumber(value, "a double");
    if (!Double.isFinite(number)) {
      throw RejectedValue.expected("a finite double", value);
    }
    if (value.isNumber() && !holdsEveryDigit(value, number)) {
      conversion.inexact = true; // 123456789012345678901234567890, 0.1000000000000000000001: raw value kept too
    }
    return number;
  }

  private static final long LARGEST_EXACT_DOUBLE_INTEGER = 1L << 53;
  private static final int DOUBLE_DIGITS = 15;

  /** Whether the JSON number is exactly the double, as its shortest decimal form: no digit of the source lost. */
  private static boolean holdsEveryDigit(JsonNode value, double number) {
    if (value.canConvertToLong() && value.isIntegralNumber()) {
      return Math.abs(value.longValue()) <= LARGEST_EXACT_DOUBLE_INTEGER;
    }
    BigDecimal decimal = value.decimalValue();
    if (decimal.precision() <= DOUBLE_DIGITS && Math.abs(number) >= Double.MIN_NORMAL) {
      return true;
    }
    return BigDecimal.valueOf(number).compareTo(decimal) == 0;
  }

  /** Base64 text, as Elasticsearch takes binary values, to its bytes. */
  private static Object binary(JsonNode value, Conversion conversion) {
    if (value.isTextual()) {
      try {
        return ByteBuffer.wrap(Base64.getDecoder().decode(value.textValue()));
      } catch (IllegalArgumentException e) {
        // not Base64: rejected below
      }
    }
    throw RejectedValue.expected("Base64 text", value);
  }

  /** A vector is one value: an array of numbers, each a finite float. */
  private static final class DenseVectorConverter implements ValueConverter {
    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      if (!isSingleValue(value)) {
        throw RejectedValue.expected("an array of numbers", value);
      }
      List<Float> vector = new ArrayList<>(value.size());
      for (JsonNode element : value) {
        float number = element.floatValue();
        if (!Float.isFinite(number)) {
          throw RejectedValue.expected("an array of finite floats", value);
        }
        vector.add(number);
      }
      return vector;
    }

    @Override
    public boolean takesArrays() {
      return true;
    }

    @Override
    public boolean isSingleValue(JsonNode array) {
      if (!array.isArray() || array.isEmpty()) {
        return false;
      }
      for (JsonNode element : array) {
        if (!element.isNumber()) {
          return false;
        }
      }
      return true;
    }
  }

  /** A JSON number, or a string holding a decimal number. */
  static double decimalNumber(JsonNode value, String expectation) {
    if (value.isNumber()) {
      return value.doubleValue();
    }
    BigDecimal decimal = value.isTextual() ? parseDecimal(value.textValue()) : null;
    if (decimal == null) {
      throw RejectedValue.expected(expectation, value);
    }
    return decimal.doubleValue();
  }

  /** The whole number a JSON number or numeric string denotes; {@code 3.0} is 3, {@code 3.5} is rejected. */
  static BigInteger wholeNumber(JsonNode value, String expectation) {
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue();
    }
    BigDecimal decimal = null;
    if (value.isFloatingPointNumber() && Double.isFinite(value.doubleValue())) {
      decimal = value.decimalValue();
    } else if (value.isTextual()) {
      decimal = parseDecimal(value.textValue());
    }
    if (decimal == null || decimal.precision() - decimal.scale() > MAX_WHOLE_DIGITS) {
      throw RejectedValue.expected(expectation, value);
    }
    try {
      return decimal.toBigIntegerExact();
    } catch (ArithmeticException fractional) {
      throw RejectedValue.expected(expectation, value);
    }
  }

  /** Plain or scientific decimal notation; unlike {@link Double#parseDouble} no NaN, Infinity, hex or type suffix. */
  private static BigDecimal parseDecimal(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static boolean isEmptyString(JsonNode value) {
    return value.isTextual() && value.textValue().isEmpty();
  }
}
