package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Renders a timestamp column's value back into {@code _source} in the first of the field's formats that represents it
 * exactly (its text parses back, with all of the field's formats, to the same instant): {@code epoch_millis} and
 * {@code epoch_second} as a JSON number (with a fraction where needed), the ISO-8601 family as an ISO-8601 UTC string
 * ({@code 2019-03-01T10:15:30.123Z}; a date-only format such as {@code strict_date} only for midnight), a java.time
 * pattern formatted at UTC. If none does, an ISO-8601 UTC string, which {@link SourceEquivalence} also accepts.
 */
final class DateRendering {

  private static final Set<String> DATE_ONLY = Set.of("date", "strict_date", "year_month_day", "strict_year_month_day");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);

  private final DateParser parser;
  private final boolean micros;
  private final List<Function<Instant, JsonNode>> candidates = new ArrayList<>();

  /** @param micros whether column values are epoch microseconds (date_nanos) rather than milliseconds */
  DateRendering(String format, Locale locale, DateParser parser, boolean micros) {
    this.parser = parser;
    this.micros = micros;
    for (String single : DateFormats.split(format)) {
      String name = DateFormats.knownName(single);
      if (name == null) {
        DateTimeFormatter pattern = pattern(single, locale);
        if (pattern != null) {
          candidates.add(instant -> TextNode.valueOf(pattern.format(instant.atZone(ZoneOffset.UTC))));
        }
      } else if (name.equals("epoch_millis")) {
        candidates.add(instant -> number(instant, 3));
      } else if (name.equals("epoch_second")) {
        candidates.add(instant -> number(instant, 0));
      } else if (DATE_ONLY.contains(name)) {
        candidates.add(instant -> TextNode.valueOf(DATE.format(instant.atZone(ZoneOffset.UTC))));
      } else if (!name.contains("time") || name.contains("date")) { // the ISO-8601 family (not time-of-day formats)
        candidates.add(DateRendering::iso);
      }
    }
  }

  static DateRendering of(MappedField field, boolean micros) {
    return new DateRendering(
        field.dateFormat(), MappedField.locale(field.dateLocale()), field.dateParser(), micros);
  }

  /** @param value epoch milliseconds, or microseconds */
  JsonNode render(long value) {
    Instant instant =
        micros
            ? Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L)
            : Instant.ofEpochMilli(value);
    for (Function<Instant, JsonNode> candidate : candidates) {
      try {
        JsonNode rendered = candidate.apply(instant);
        if (instant.equals(TimestampConverter.parse(parser, rendered))) {
          return rendered;
        }
      } catch (DateTimeException e) {
        // this format cannot show this instant (e.g. a year beyond its digits): try the next
      }
    }
    return iso(instant);
  }

  private static JsonNode iso(Instant instant) {
    return TextNode.valueOf(DateTimeFormatter.ISO_INSTANT.format(instant));
  }

  /** Epoch seconds ({@code unitDigits} 0) or milliseconds (3), with a fraction only if the instant has one. */
  private static JsonNode number(Instant instant, int unitDigits) {
    BigDecimal value =
        BigDecimal.valueOf(instant.getEpochSecond())
            .add(BigDecimal.valueOf(instant.getNano(), 9))
            .movePointRight(unitDigits)
            .stripTrailingZeros();
    return value.scale() <= 0 ? LongNode.valueOf(value.longValueExact()) : DecimalNode.valueOf(value);
  }

  private static DateTimeFormatter pattern(String pattern, Locale locale) {
    try {
      return new DateTimeFormatterBuilder().appendPattern(pattern).toFormatter(locale);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
