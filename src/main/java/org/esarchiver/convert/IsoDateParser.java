package org.esarchiver.convert;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The ISO-8601 shapes behind Elasticsearch's named date formats, hand-parsed because this runs for every date of every
 * document: {@code 2019-03-01}, {@code 2019-03-01T10:15}, {@code 2019-03-01T10:15:30.123456789+02:00}, {@code
 * 2019-03-01 10:15:30Z}, {@code 2019-03-01T10:15:30Europe/Paris}, the basic shapes ({@code
 * 20190301T101530.123Z}) and times of day on 1970-01-01 ({@code T10:15:30Z}). Values without an offset or zone are UTC.
 */
final class IsoDateParser implements DateParser {

  static final IsoDateParser STRICT_EXTENDED = new IsoDateParser(true, true, 4, 4, 2);
  static final IsoDateParser LENIENT_EXTENDED = new IsoDateParser(true, true, 1, 9, 1);
  static final IsoDateParser BASIC = new IsoDateParser(true, false, 4, 4, 2);
  static final IsoDateParser STRICT_TIME = new IsoDateParser(false, true, 4, 4, 2);
  static final IsoDateParser LENIENT_TIME = new IsoDateParser(false, true, 4, 4, 1);
  static final IsoDateParser BASIC_TIME = new IsoDateParser(false, false, 4, 4, 2);

  private static final long INVALID = Long.MIN_VALUE;
  private static final long SECONDS_PER_DAY = 86_400;
  private static final long NANOS_PER_SECOND = 1_000_000_000;
  private static final int MAX_FRACTION_DIGITS = 9;

  private final boolean withDate;
  private final boolean extended;
  private final int minYearDigits;
  private final int maxYearDigits;
  private final int minFieldDigits;

  private IsoDateParser(
      boolean withDate, boolean extended, int minYearDigits, int maxYearDigits, int minFieldDigits) {
    this.withDate = withDate;
    this.extended = extended;
    this.minYearDigits = minYearDigits;
    this.maxYearDigits = maxYearDigits;
    this.minFieldDigits = minFieldDigits;
  }

  @Override
  public Instant parse(String text) {
    try {
      return parse(new Cursor(text));
    } catch (DateTimeException e) { // an offset out of range (+19:00), an unknown zone, a year beyond Instant
      return null;
    }
  }

  private Instant parse(Cursor in) {
    long epochDay = 0;
    if (withDate) {
      epochDay = epochDay(in);
      if (epochDay == INVALID) {
        return null;
      }
      if (in.atEnd()) {
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY);
      }
      if (!in.skip('T') && !in.skip(' ')) {
        return null;
      }
    } else {
      in.skip('T');
    }
    long nanoOfDay = nanoOfDay(in);
    if (nanoOfDay == INVALID) {
      return null;
    }
    ZoneId zone = zone(in);
    if (zone == null || !in.atEnd()) {
      return null;
    }
    long secondOfDay = nanoOfDay / NANOS_PER_SECOND;
    int nano = (int) (nanoOfDay % NANOS_PER_SECOND);
    if (zone instanceof ZoneOffset offset) {
      return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + secondOfDay - offset.getTotalSeconds(), nano);
    }
    return LocalDateTime.of(LocalDate.ofEpochDay(epochDay), LocalTime.ofNanoOfDay(nanoOfDay)).atZone(zone)
        .toInstant();
  }

  /**
   * The date's day counted from 1970-01-01, or {@link #INVALID}; computed here rather than by {@code LocalDate}, whose
   * objects and checks were half of the time spent parsing dates (7% of converting the bench documents).
   */
  private long epochDay(Cursor in) {
    int year = in.number(minYearDigits, maxYearDigits);
    int month = 1;
    int day = 1;
    if (year >= 0 && nextFieldFollows(in, '-')) {
      month = in.number(minFieldDigits, 2);
      if (month >= 0 && nextFieldFollows(in, '-')) {
        day = in.number(minFieldDigits, 2);
      }
    }
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
      return INVALID;
    }
    return epochDay(year, month, day);
  }

  /** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
  static long epochDay(long year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** The time of day in nanoseconds, or {@link #INVALID}. */
  private long nanoOfDay(Cursor in) {
    int hour = in.number(minFieldDigits, 2);
    int minute = 0;
    int second = 0;
    int nano = 0;
    if (hour >= 0 && nextFieldFollows(in, ':')) {
      minute = in.number(minFieldDigits, 2);
      if (minute >= 0 && nextFieldFollows(in, ':')) {
        second = in.number(minFieldDigits, 2);
        if (second >= 0 && (in.skip('.') || in.skip(','))) {
          nano = in.fraction(MAX_FRACTION_DIGITS);
        }
      }
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || nano < 0) {
      return INVALID;
    }
    return (hour * 3600L + minute * 60L + second) * NANOS_PER_SECOND + nano;
  }

  /** Extended shapes separate fields ({@code 2019-03-01}), basic ones do not ({@code 20190301}). */
  private boolean nextFieldFollows(Cursor in, char separator) {
    return extended ? in.skip(separator) : in.digitAhead();
  }

  private static ZoneId zone(Cursor in) {
    if (in.atEnd()) {
      return ZoneOffset.UTC;
    }
    char first = in.peek();
    if (first == 'Z' || first == 'z') {
      in.advance();
      return ZoneOffset.UTC;
    }
    if (first == '+' || first == '-') {
      in.advance();
      int sign = first == '-' ? -1 : 1;
      int hours = in.number(2, 2);
      int minutes = 0;
      if (in.skip(':') || in.digitAhead()) {
        minutes = in.number(2, 2);
      }
      return hours < 0 || minutes < 0 ? null : ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
    if (Character.isLetter(first)) {
      return ZoneId.of(in.rest());
    }
    return null;
  }

  /** Position in the text being parsed; one per parse, so the parser itself stays shareable. */
  private static final class Cursor {
    private final String text;
    private int position;

    Cursor(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return position >= text.length();
    }

    char peek() {
      return atEnd() ? '\0' : text.charAt(position);
    }

    void advance() {
      position++;
    }

    boolean skip(char expected) {
      if (!atEnd() && text.charAt(position) == expected) {
        position++;
        return true;
      }
      return false;
    }

    boolean digitAhead() {
      char next = peek();
      return next >= '0' && next <= '9';
    }

    /** A number of {@code min} to {@code max} digits (greedy), or -1. */
    int number(int min, int max) {
      int value = 0;
      int digits = 0;
      while (digits < max && digitAhead()) {
        value = value * 10 + (text.charAt(position++) - '0');
        digits++;
      }
      return digits >= min ? value : -1;
    }

    /** Decimal fraction digits as nanoseconds, or -1 if there are none or more than {@code maxDigits}. */
    int fraction(int maxDigits) {
      int start = position;
      int value = number(1, maxDigits);
      if (value < 0 || digitAhead()) {
        return -1;
      }
      for (int digits = position - start; digits < MAX_FRACTION_DIGITS; digits++) {
        value *= 10;
      }
      return value;
    }

    /** Everything left, consumed. */
    String rest() {
      String rest = text.substring(position);
      position = text.length();
      return rest;
    }
  }
}
