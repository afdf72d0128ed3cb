package org.esarchiver.convert;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles the {@code format} of a date mapping: named formats and java.time patterns, separated by {@code ||} and
 * tried in order, as Elasticsearch does.
 *
 * <p>The ISO-8601 family of named formats (everything from {@code year} to {@code strict_date_optional_time_nanos})
 * shares one parser that accepts a date, optionally followed by a time with any fraction and an optional offset or zone
 * id; the {@code strict_} variants require a four-digit year and two-digit fields. That is more lenient than
 * Elasticsearch for the narrower names (e.g. {@code date_time_no_millis} also takes millis), which is harmless here:
 * Elasticsearch already accepted every stored value.
 */
final class DateFormats {

  private static final Map<String, DateParser> NAMED_FORMATS = namedFormats();

  private DateFormats() {}

  /** @throws IllegalArgumentException if a format is neither a known name nor a valid java.time pattern */
  static DateParser compile(String format, Locale locale) {
    List<DateParser> parsers = new ArrayList<>();
    for (String single : format.split("\\|\\|")) {
      parsers.add(compileOne(single.trim(), locale));
    }
    return new FirstMatch(List.copyOf(parsers), format);
  }

  private static DateParser compileOne(String format, Locale locale) {
    if (format.isEmpty()) {
      throw new IllegalArgumentException("empty date format");
    }
    DateParser named = NAMED_FORMATS.get(format);
    if (named == null) {
      named = NAMED_FORMATS.get(camelCaseToSnakeCase(format)); // Elasticsearch's deprecated camelCase names
    }
    if (named != null) {
      return named;
    }
    try {
      return new PatternDateParser(format, locale);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unsupported date format '" + format + "': neither a known format name nor a java.time pattern", e);
    }
  }

  private static Map<String, DateParser> namedFormats() {
    Map<String, DateParser> formats = new HashMap<>();
    formats.put("epoch_millis", EpochParser.MILLIS);
    formats.put("epoch_second", EpochParser.SECONDS);
    for (String name :
        List.of(
            "date_optional_time",
            "date_optional_time_nanos",
            "iso8601",
            "date",
            "date_hour",
            "date_hour_minute",
            "date_hour_minute_second",
            "date_hour_minute_second_millis",
            "date_hour_minute_second_fraction",
            "date_time",
            "date_time_no_millis",
            "year",
            "year_month",
            "year_month_day")) {
      formats.put(name, IsoDateParser.LENIENT_EXTENDED);
      formats.put("strict_" + name, IsoDateParser.STRICT_EXTENDED);
    }
    for (String name : List.of("basic_date", "basic_date_time", "basic_date_time_no_millis")) {
      formats.put(name, IsoDateParser.BASIC);
      formats.put("strict_" + name, IsoDateParser.BASIC);
    }
    for (String name :
        List.of(
            "hour",
            "hour_minute",
            "hour_minute_second",
            "hour_minute_second_millis",
            "hour_minute_second_fraction",
            "time",
            "time_no_millis",
            "t_time",
            "t_time_no_millis")) {
      formats.put(name, IsoDateParser.LENIENT_TIME);
      formats.put("strict_" + name, IsoDateParser.STRICT_TIME);
    }
    for (String name : List.of("basic_time", "basic_time_no_millis", "basic_t_time", "basic_t_time_no_millis")) {
      formats.put(name, IsoDateParser.BASIC_TIME);
      formats.put("strict_" + name, IsoDateParser.BASIC_TIME);
    }
    DateParser ordinalDate = new PatternDateParser(DateTimeFormatter.ISO_ORDINAL_DATE);
    DateParser weekDate = new PatternDateParser(DateTimeFormatter.ISO_WEEK_DATE);
    for (String prefix : List.of("", "strict_")) {
      formats.put(prefix + "ordinal_date", ordinalDate);
      formats.put(prefix + "week_date", weekDate);
    }
    return Map.copyOf(formats);
  }

  /** The snake_case name of a named format ({@code strictDateOptionalTime} too), null for a java.time pattern. */
  static String knownName(String format) {
    if (NAMED_FORMATS.containsKey(format)) {
      return format;
    }
    String snakeCase = camelCaseToSnakeCase(format);
    return NAMED_FORMATS.containsKey(snakeCase) ? snakeCase : null;
  }

  /** The {@code ||}-separated formats of a mapping's {@code format}, trimmed. */
  static List<String> split(String format) {
    List<String> formats = new ArrayList<>();
    for (String single : format.split("\\|\\|")) {
      formats.add(single.trim());
    }
    return formats;
  }

  private static String camelCaseToSnakeCase(String name) {
    return name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
  }

  /** The formats joined by {@code ||}: the first that parses wins. Shows as the format text in messages. */
  private record FirstMatch(List<DateParser> parsers, String format) implements DateParser {

    @Override
    public Instant parse(String text) {
      for (DateParser parser : parsers) {
        Instant instant = parser.parse(text);
        if (instant != null) {
          return instant;
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return format;
    }
  }
}
