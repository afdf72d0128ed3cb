package org.esarchiver.selection;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the date in an index name with a java.time pattern such as {@code yyyy.MM.dd}, the way Curator's timestring
 * does: the pattern becomes a regular expression, the last match in the name is parsed. A name without a match, or with
 * a match that is not a real date (2019.02.30), has no date: it is never selected by a name-date rule.
 */
final class IndexNameDate {
  private final String pattern;
  private final Pattern regex;
  private final DateTimeFormatter formatter;

  IndexNameDate(String pattern) {
    this.pattern = pattern;
    this.regex = Pattern.compile(toRegex(pattern));
    this.formatter = new DateTimeFormatterBuilder()
        .appendPattern(pattern)
        .parseDefaulting(ChronoField.MONTH_OF_YEAR, 1)
        .parseDefaulting(ChronoField.DAY_OF_MONTH, 1)
        .toFormatter(Locale.ROOT);
  }

  String pattern() {
    return pattern;
  }

  Optional<LocalDate> dateOf(String indexName) {
    Matcher matcher = regex.matcher(indexName);
    String last = null;
    int from = 0;
    while (from <= indexName.length() && matcher.find(from)) {
      last = matcher.group();
      from = matcher.start() + 1;
    }
    if (last == null) {
      return Optional.empty();
    }
    try {
      LocalDate date = LocalDate.parse(last, formatter);
      // The lenient parse turns 2019.02.30 into 2019-02-28: only a date that formats back to the name is real.
      return formatter.format(date).equals(last) ? Optional.of(date) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** yyyy.MM.dd -> \d{4}\.\d{2}\.\d{2}; quoted text and other characters are literals. */
  static String toRegex(String pattern) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        int end = pattern.indexOf('\'', i + 1);
        end = end < 0 ? pattern.length() : end;
        regex.append(Pattern.quote(pattern.substring(i + 1, end)));
        i = end + 1;
      } else if (Character.isLetter(c)) {
        int run = i;
        while (run < pattern.length() && pattern.charAt(run) == c) {
          run++;
        }
        regex.append(fieldRegex(c, run - i));
        i = run;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
        i++;
      }
    }
    return regex.toString();
  }

  private static String fieldRegex(char letter, int width) {
    return switch (letter) {
      case 'y', 'u' -> width == 2 ? "\\d{2}" : "\\d{4}";
      case 'M', 'L' -> width >= 3 ? "[A-Za-z]{3,9}" : width == 2 ? "\\d{2}" : "\\d{1,2}";
      case 'd', 'H', 'h', 'm', 's', 'w', 'W' -> width == 2 ? "\\d{2}" : "\\d{1,2}";
      case 'D' -> width == 3 ? "\\d{3}" : "\\d{1,3}";
      default -> "[A-Za-z0-9]+?";
    };
  }
}
