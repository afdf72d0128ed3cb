package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Internal signal that a value does not fit its column. Converters throw it without knowing the field; the
 * {@link Column} that called them adds its path, and {@link DocumentConverter} turns it into a
 * {@link ConversionException} with the index and document. No stack trace: it is an expected outcome, not a bug.
 */
final class RejectedValue extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private static final int MAX_SHOWN_VALUE_CHARS = 100;

  private final String field;
  private final String problem;

  private RejectedValue(String field, String problem) {
    super(problem, null, false, false);
    this.field = field;
    this.problem = problem;
  }

  static RejectedValue expected(String expectation, JsonNode actual) {
    return new RejectedValue(null, ": expected " + expectation + ", got " + shown(actual));
  }

  static RejectedValue notMapped(String field) {
    return new RejectedValue(field, " is not in the index mapping");
  }

  static RejectedValue tooManyValues(String field, int count, JsonNode actual) {
    return new RejectedValue(
        field,
        ": expected a single value, got "
            + count
            + " values "
            + shown(actual)
            + "; add '"
            + field
            + "' to array_fields of the job to keep them all");
  }

  /** This rejection, attributed to {@code path} unless a more deeply nested column already claimed it. */
  RejectedValue inField(String path) {
    return field != null ? this : new RejectedValue(path, problem);
  }

  String field() {
    return field;
  }

  String problem() {
    return problem;
  }

  /** Compact JSON of the value, cut to about 100 characters so a huge field does not flood the logs. */
  static String shown(JsonNode value) {
    String json = value.toString();
    return json.length() <= MAX_SHOWN_VALUE_CHARS
        ? json
        : json.substring(0, MAX_SHOWN_VALUE_CHARS) + "... (" + json.length() + " characters)";
  }
}
