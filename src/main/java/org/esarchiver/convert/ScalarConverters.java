package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Converters for the leaf columns, coercing like Elasticsearch's defaults: numbers may arrive as strings ({@code
 * "42"}), an empty string in a numeric field is no value, booleans may be {@code "true"}/{@code "false"} (and {@code
 * ""} is false), numbers and booleans in string columns become their text. Unlike Elasticsearch, a fraction in an
 * integer column is rejected instead of truncated: an archive must not silently change data.
 */
final class ScalarConverters {

  static final ValueConverter STRING = ScalarConverters::string;
  static final ValueConverter JSON_TEXT = ScalarConverters::jsonText;
  static final ValueConverter BOOLEAN = ScalarConverters::bool;
  static final ValueConverter INT = ScalarConverters::integer;
  static final ValueConverter LONG = ScalarConverters::longInteger;
  static final ValueConverter UNSIGNED_LONG = ScalarConverters::unsignedLong;
  static final ValueConverter FLOAT = ScalarConverters::floatingPoint;
  static final ValueConverter DOUBLE = ScalarConverters::doublePrecision;

  /** More integer digits than any integer column takes; bounds the work spent on values like {@code 1e999999999}. */
  private static final int MAX_WHOLE_DIGITS = 30;

  private static final BigInteger UNSIGNED_LONG_LIMIT = BigInteger.ONE.shiftLeft(64);

  private ScalarConverters() {}

  private static Object string(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    throw RejectedValue.expected("a string", value);
  }

  /** A JSON string is kept as the string itself, anything else as its compact JSON text. */
  private static Object jsonText(JsonNode value) {
    return value.isTextual() ? value.textValue() : value.toString();
  }

  private static Object bool(JsonNode value) {
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

  private static Object integer(JsonNode value) {
    if (value.isInt()) {
      return value.intValue();
    }
    if (isEmptyString(value)) {
      return null;
    }
    BigInteger whole = wholeNumber(value, "an integer");
    if (whole.bitLength() > 31) {
      throw RejectedValue.expected("an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE, value);
    }
    return whole.intValue();
  }

  private static Object longInteger(JsonNode value) {
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

  private static Object unsignedLong(JsonNode value) {
    if (isEmptyString(value)) {
      return null;
    }
    BigInteger whole = wholeNumber(value, "an unsigned long integer");
    if (whole.signum() < 0 || whole.compareTo(UNSIGNED_LONG_LIMIT) >= 0) {
      throw RejectedValue.expected(
          "an unsigned long integer from 0 to " + UNSIGNED_LONG_LIMIT.subtract(BigInteger.ONE), value);
    }
    return whole.toString();
  }

  private static Object floatingPoint(JsonNode value) {
    if (isEmptyString(value)) {
      return null;
    }
    float number = (float) decimalNumber(value, "a float");
    if (!Float.isFinite(number)) {
      throw RejectedValue.expected("a finite float", value);
    }
    return number;
  }

  private static Object doublePrecision(JsonNode value) {
    if (isEmptyString(value)) {
      return null;
    }
    double number = decimalNumber(value, "a double");
    if (!Double.isFinite(number)) {
      throw RejectedValue.expected("a finite double", value);
    }
    return number;
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
  private static BigInteger wholeNumber(JsonNode value, String expectation) {
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

  private static boolean isEmptyString(JsonNode value) {
    return value.isTextual() && value.textValue().isEmpty();
  }
}
