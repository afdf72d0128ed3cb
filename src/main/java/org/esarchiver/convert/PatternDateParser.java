package org.esarchiver.convert;

import static java.time.temporal.ChronoField.DAY_OF_MONTH;
import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.INSTANT_SECONDS;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.MONTH_OF_YEAR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;
import static java.time.temporal.ChronoField.YEAR;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

/**
 * A java.time pattern from a mapping, such as {@code yyyy-MM-dd HH:mm:ss} or {@code dd/MMM/yyyy:HH:mm:ss Z}. Like
 * Elasticsearch, fields the pattern leaves out default to 1970-01-01T00:00:00 and a missing zone means UTC.
 */
final class PatternDateParser implements DateParser {

  private final DateTimeFormatter formatter;

  /** @throws IllegalArgumentException if the pattern is invalid */
  PatternDateParser(String pattern, Locale locale) {
    this(new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern).toFormatter(locale));
  }

  PatternDateParser(DateTimeFormatter formatter) {
    this.formatter = formatter;
  }

  @Override
  public Instant parse(String text) {
    try {
      return toInstant(formatter.parse(text));
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static Instant toInstant(TemporalAccessor parsed) {
    if (parsed.isSupported(INSTANT_SECONDS)) {
      return Instant.from(parsed);
    }
    LocalDate date = parsed.query(TemporalQueries.localDate());
    if (date == null) {
      date = LocalDate.of(field(parsed, YEAR, 1970), field(parsed, MONTH_OF_YEAR, 1), field(parsed, DAY_OF_MONTH, 1));
    }
    LocalTime time = parsed.query(TemporalQueries.localTime());
    if (time == null) {
      time =
          LocalTime.of(
              field(parsed, HOUR_OF_DAY, 0),
              field(parsed, MINUTE_OF_HOUR, 0),
              field(parsed, SECOND_OF_MINUTE, 0),
              field(parsed, NANO_OF_SECOND, 0));
    }
    ZoneId zone = parsed.query(TemporalQueries.zone());
    return ZonedDateTime.of(date, time, zone == null ? ZoneOffset.UTC : zone).toInstant();
  }

  private static int field(TemporalAccessor parsed, ChronoField field, int absentValue) {
    return parsed.isSupported(field) ? parsed.get(field) : absentValue;
  }
}
