package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parser's own calendar arithmetic against {@code java.time}'s, over random fields in and out of range. */
class IsoDateParserTest {

  @Test
  void datesAndTimesAreThoseJavaTimeMakesOfTheirFields() {
    Random random = new Random(7);
    int valid = 0;
    for (int i = 0; i < 200_000; i++) {
      int year = random.nextBoolean() ? 1900 + random.nextInt(300) : random.nextInt(10_000);
      int month = random.nextInt(14);
      int day = random.nextInt(33);
      int hour = random.nextInt(26);
      int minute = random.nextInt(61);
      int second = random.nextInt(61);
      int millis = random.nextInt(1000);
      int offsetHours = random.nextInt(39) - 19;
      int offsetMinutes = random.nextInt(4) * 15;
      String offset = offsetHours == 0 && offsetMinutes == 0 && random.nextBoolean() ? "Z"
          : String.format(Locale.ROOT, "%s%02d:%02d", offsetHours < 0 ? "-" : "+", Math.abs(offsetHours),
              offsetMinutes);
      String text = String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%s", year, month, day, hour,
          minute, second, millis, offset);
      Instant expected = javaTime(year, month, day, hour, minute, second, millis * 1_000_000,
          offsetHours, offsetHours < 0 ? -offsetMinutes : offsetMinutes);
      assertThat(IsoDateParser.STRICT_EXTENDED.parse(text)).as(text).isEqualTo(expected);
      String basic = String.format(Locale.ROOT, "%04d%02d%02d", year, month, day);
      assertThat(IsoDateParser.BASIC.parse(basic)).as(basic).isEqualTo(javaTime(year, month, day, 0, 0, 0, 0, 0, 0));
      if (expected != null) {
        valid++;
      }
    }
    assertThat(valid).as("dates in range among the random ones").isGreaterThan(50_000);
  }

  @Test
  void daysAreCountedAcrossLeapYearsAndCenturies() {
    for (LocalDate date = LocalDate.of(-2000, 1, 1); date.getYear() < 3000; date = date.plusDays(1)) {
      assertThat(IsoDateParser.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
          .as(date.toString()).isEqualTo(date.toEpochDay());
    }
    assertThat(IsoDateParser.LENIENT_EXTENDED.parse("999999999-12-31T23:59:59.999999999Z"))
        .isEqualTo(LocalDateTime.of(999_999_999, 12, 31, 23, 59, 59, 999_999_999).toInstant(ZoneOffset.UTC));
  }

  @Test
  void regionZonesAndTimesOfDayAreStillJavaTimes() {
    assertThat(IsoDateParser.LENIENT_EXTENDED.parse("2019-07-01T10:15:30Europe/Paris"))
        .isEqualTo(Instant.parse("2019-07-01T08:15:30Z"));
    assertThat(IsoDateParser.LENIENT_TIME.parse("T10:15:30.5+01:00"))
        .isEqualTo(Instant.parse("1970-01-01T09:15:30.5Z"));
    assertThat(IsoDateParser.LENIENT_EXTENDED.parse("2019-07-01T10:15:30Mars/Olympus")).isNull();
  }

  /** The instant java.time makes of the fields, or null where it rejects one. */
  private static Instant javaTime(int year, int month, int day, int hour, int minute, int second, int nano,
      int offsetHours, int offsetMinutes) {
    try {
      return LocalDateTime.of(LocalDate.of(year, month, day), LocalTime.of(hour, minute, second, nano))
          .toInstant(ZoneOffset.ofHoursMinutes(offsetHours, offsetMinutes));
    } catch (DateTimeException e) {
      return null;
    }
  }
}
