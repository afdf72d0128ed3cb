package org.esarchiver.config;

import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * Checks a job's destination: an absolute path on the archive filesystem whose placeholders are {job}, {index},
 * {date} and {date:<java.time pattern>}. Filling them in is the archiver's business, not the config's.
 */
final class DestinationTemplate {
  private static final Set<String> NAMED_PLACEHOLDERS = Set.of("job", "index", "date");
  private static final String DATE_WITH_PATTERN = "date:";
  private static final String PLACEHOLDERS = "{job}, {index}, {date} or {date:<java.time pattern>}";
  private static final String EXPECTED = "an absolute path such as " + JobDefinition.DEFAULT_DESTINATION
      + " with placeholders " + PLACEHOLDERS;

  private DestinationTemplate() {}

  static ValueType<String> type() {
    return ValueType.of(EXPECTED, field -> {
      String template = field.text(EXPECTED).trim();
      if (!template.startsWith("/")) {
        throw field.problem(Field.show(template) + " is not an absolute path", EXPECTED);
      }
      int position = 0;
      while (position < template.length()) {
        char c = template.charAt(position);
        if (c == '}') {
          throw unbalanced(field, template);
        }
        if (c == '{') {
          int end = template.indexOf('}', position);
          int nextOpen = template.indexOf('{', position + 1);
          if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
            throw unbalanced(field, template);
          }
          checkPlaceholder(field, template.substring(position + 1, end));
          position = end;
        }
        position++;
      }
      return template;
    });
  }

  private static void checkPlaceholder(Field field, String placeholder) {
    if (NAMED_PLACEHOLDERS.contains(placeholder)) {
      return;
    }
    if (!placeholder.startsWith(DATE_WITH_PATTERN)) {
      throw field.problem("unknown placeholder {" + placeholder + "}", PLACEHOLDERS);
    }
    String pattern = placeholder.substring(DATE_WITH_PATTERN.length());
    try {
      if (pattern.isEmpty()) {
        throw new IllegalArgumentException("empty pattern");
      }
      DateTimeFormatter.ofPattern(pattern);
    } catch (IllegalArgumentException e) {
      throw field.problem("invalid date pattern in {" + placeholder + "} (" + e.getMessage() + ")",
          "a java.time pattern such as {date:yyyy/MM/dd}");
    }
  }

  private static ConfigException unbalanced(Field field, String template) {
    return field.problem("unbalanced braces in " + Field.show(template), "placeholders written as " + PLACEHOLDERS);
  }
}
