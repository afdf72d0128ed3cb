package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Internal signal that a value does not fit its column; the {@link Column} that called the converter puts the value
 * into {@code _overflow}. No stack trace and a message built only when asked for: it is an expected outcome, not a bug.
 */
final class RejectedValue extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private static final int MAX_SHOWN_VALUE_CHARS = 100;

  private final String expectation;
  private final transient JsonNode actual;

  private RejectedValue(String expectation, JsonNode actual) {
    super(null, null, false, false);
    this.expectation = expectation;
    this.actual = actual;
  }

  static RejectedValue expected(String expectation, JsonNode actual) {
    return new RejectedValue(expectation, actual);
  }

  @Override
  public String getMessage() {
    return "expected " + expectation + ", got " + (actual == null ? "nothing" : shown(actual));
  }

  /** Compact JSON of the value, cut to about 100 characters so a huge field does not flood the logs. */
  static String shown(JsonNode value) {
    return cut(value.toString());
  }

  static String cut(String json) {
    return json.length() <= MAX_SHOWN_VALUE_CHARS
        ? json
        : json.substring(0, MAX_SHOWN_VALUE_CHARS) + "... (" + json.length() + " characters)";
  }
}
