package org.esarchiver.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations (7d, 30s, PT5M) and byte sizes (128MB) as written in config files. */
final class Quantities {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern BYTE_SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);
  private static final long KB = 1024;
  private static final long MB = 1024 * KB;
  private static final long GB = 1024 * MB;

  private Quantities() {}

  /** A duration of at least {@code minimum}; a zero minimum means "greater than 0". */
  static ValueType<Duration> duration(Duration minimum, String example) {
    String expected = "a duration such as " + example;
    String minimumText = minimum.isZero() ? "a duration greater than 0" : "a duration of at least " + format(minimum);
    return ValueType.of(expected, field -> {
      String text = field.text(expected);
      Duration duration = parseDuration(text)
          .orElseThrow(() -> field.invalid(expected + " (a number with unit ms, s, m, h or d, or ISO-8601 like PT5M)"));
      if (minimum.isZero() ? duration.isNegative() || duration.isZero() : duration.compareTo(minimum) < 0) {
        throw field.problem(Field.show(text) + " is too short", minimumText);
      }
      return duration;
    });
  }

  static Optional<Duration> parseDuration(String text) {
    String trimmed = text.trim();
    Matcher shortForm = SHORT_DURATION.matcher(trimmed);
    try {
      if (shortForm.matches()) {
        long amount = Long.parseLong(shortForm.group(1));
        return Optional.of(switch (shortForm.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        });
      }
      return trimmed.toUpperCase(Locale.ROOT).startsWith("P") ? Optional.of(Duration.parse(trimmed)) : Optional.empty();
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The shortest exact short form: 1s, 5m, 7d, 1500ms. */
  static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    for (ChronoUnit unit : List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS)) {
      Duration unitLength = unit.getDuration();
      if (duration.toNanos() % unitLength.toNanos() == 0) {
        return duration.dividedBy(unitLength) + switch (unit) {
          case DAYS -> "d";
          case HOURS -> "h";
          case MINUTES -> "m";
          default -> "s";
        };
      }
    }
    return duration.toMillis() + "ms";
  }

  /** A byte size of at least {@code minimumBytes}: a number with unit B, KB, MB or GB (1024-based), or plain bytes. */
  static ValueType<Long> byteSize(long minimumBytes, String example) {
    String expected = "a size such as " + example + " (units B, KB, MB, GB)";
    return ValueType.of(expected, field -> {
      String text = field.text(expected);
      long bytes = parseBytes(text).orElseThrow(() -> field.invalid(expected));
      if (bytes < minimumBytes) {
        throw field.problem(Field.show(text) + " is too small", "at least " + formatBytes(minimumBytes));
      }
      return bytes;
    });
  }

  static Optional<Long> parseBytes(String text) {
    Matcher matcher = BYTE_SIZE.matcher(text.trim());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String unit = matcher.group(2) == null ? "B" : matcher.group(2).toUpperCase(Locale.ROOT);
    long multiplier = switch (unit) {
      case "KB" -> KB;
      case "MB" -> MB;
      case "GB" -> GB;
      default -> 1;
    };
    try {
      return Optional.of(Math.multiplyExact(Long.parseLong(matcher.group(1)), multiplier));
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  static String formatBytes(long bytes) {
    if (bytes != 0 && bytes % GB == 0) {
      return bytes / GB + "GB";
    }
    if (bytes != 0 && bytes % MB == 0) {
      return bytes / MB + "MB";
    }
    if (bytes != 0 && bytes % KB == 0) {
      return bytes / KB + "KB";
    }
    return bytes + "B";
  }
}
