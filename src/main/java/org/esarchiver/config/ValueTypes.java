package org.esarchiver.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/** The value types shared by conf/archiver.yaml and the job files. */
final class ValueTypes {
  private ValueTypes() {}

  static ValueType<String> string() {
    return ValueType.of("a string", field -> field.text("a string"));
  }

  static ValueType<String> matching(Predicate<String> valid, String expected) {
    return ValueType.of(expected, field -> {
      String text = field.text(expected).trim();
      if (!valid.test(text)) {
        throw field.invalid(expected);
      }
      return text;
    });
  }

  /** One of a fixed set of words (case-insensitive), listed sorted in the message. */
  static <T> ValueType<T> choice(Map<String, T> choices) {
    String expected = "one of " + String.join(", ", new java.util.TreeSet<>(choices.keySet()));
    return ValueType.of(expected, field -> {
      T value = choices.get(field.text(expected).trim().toLowerCase(Locale.ROOT));
      if (value == null) {
        throw field.invalid(expected);
      }
      return value;
    });
  }

  static ValueType<Integer> integer(int min, int max) {
    String expected = "an integer from " + min + " to " + max;
    return ValueType.of(expected, field -> {
      try {
        int value = Integer.parseInt(field.text(expected).trim());
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below with the value
      }
      throw field.invalid(expected);
    });
  }

  static ValueType<Boolean> bool() {
    String expected = "true or false";
    return ValueType.of(expected, field -> switch (field.text(expected).trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw field.invalid(expected);
    });
  }

  static ValueType<ZoneId> zoneId() {
    String expected = "a time zone ID such as UTC or Europe/Berlin";
    return ValueType.of(expected, field -> {
      String zone = field.text(expected).trim();
      try {
        return ZoneId.of(zone);
      } catch (DateTimeException e) {
        // Region IDs are case-sensitive; accept "utc" or "europe/berlin" rather than make the user guess.
        return ZoneId.getAvailableZoneIds().stream()
            .filter(zone::equalsIgnoreCase)
            .findFirst()
            .map(ZoneId::of)
            .orElseThrow(() -> field.invalid(expected));
      }
    });
  }

  /** A java.time pattern such as yyyy.MM.dd; with {@code requireYear} it must contain the year letter y or u. */
  static ValueType<String> dateTimePattern(boolean requireYear) {
    String expected = "a java.time date pattern such as yyyy.MM.dd";
    return ValueType.of(expected, field -> {
      String pattern = field.text(expected);
      try {
        DateTimeFormatter.ofPattern(pattern);
      } catch (IllegalArgumentException e) {
        throw field.problem("invalid date pattern " + Field.show(pattern) + " (" + e.getMessage() + ")", expected);
      }
      if (requireYear && !hasYearField(pattern)) {
        throw field.problem(Field.show(pattern) + " has no year field",
            "a pattern with the year letter y or u, such as yyyy.MM.dd (Y is the week-based year)");
      }
      return pattern;
    });
  }

  static boolean hasYearField(String pattern) {
    boolean quoted = false;
    for (char c : pattern.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && (c == 'y' || c == 'u')) {
        return true;
      }
    }
    return false;
  }

  /** A local path, made absolute against the working directory. */
  static ValueType<Path> path() {
    String expected = "a file system path";
    return ValueType.of(expected, field -> {
      try {
        return Path.of(field.text(expected).trim()).toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        throw field.invalid(expected);
      }
    });
  }

  static ValueType<Path> readableFile(String expected) {
    return ValueType.of(expected, field -> {
      Path file = path().parse(field);
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        String problem = Files.isDirectory(file) ? " is a directory" : Files.exists(file) ? " is not readable"
            : " does not exist";
        throw field.problem(Field.show(field.text(expected)) + problem, expected);
      }
      return file;
    });
  }

  static ValueType<Path> directory(String expected) {
    return ValueType.of(expected, field -> {
      Path directory = path().parse(field);
      if (!Files.isDirectory(directory)) {
        String problem = Files.exists(directory) ? " is not a directory" : " does not exist";
        throw field.problem(Field.show(field.text(expected)) + problem, expected);
      }
      return directory;
    });
  }

  /**
   * A YAML list, or a single value as a list of one (with {@code splitCommas}, a comma-separated string). Items that
   * are not set, such as an empty {@code ${VAR:-}}, are left out.
   */
  static <T> ValueType<List<T>> list(String expected, ValueType<T> item, boolean splitCommas) {
    return ValueType.of(expected, field -> {
      List<T> values = new ArrayList<>();
      for (Field itemField : itemsOf(field, expected, splitCommas)) {
        if (itemField.isSet()) {
          values.add(item.parse(itemField));
        }
      }
      return Collections.unmodifiableList(values);
    });
  }

  static <T> ValueType<List<T>> nonEmpty(ValueType<List<T>> list) {
    return ValueType.of(list.expected(), field -> {
      List<T> values = list.parse(field);
      if (values.isEmpty()) {
        throw field.missing(list.expected());
      }
      return values;
    });
  }

  private static List<Field> itemsOf(Field field, String expected, boolean splitCommas) {
    if (!splitCommas || !field.node().isTextual()) {
      return field.items(expected);
    }
    String[] parts = field.node().textValue().split(",", -1);
    if (parts.length == 1) {
      return List.of(field);
    }
    List<Field> items = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      items.add(field.item(i, parts[i].trim()));
    }
    return items;
  }

  /**
   * A mapping of property names to values such as {dfs.replication: 1}; numbers and booleans become strings, and
   * entries that are not set are left out.
   */
  static ValueType<Map<String, String>> stringMap(String example) {
    String expected = "a mapping of property names to values such as " + example;
    return ValueType.of(expected, field -> {
      Map<String, String> properties = new LinkedHashMap<>();
      field.entries(expected).forEach((name, value) -> {
        if (value.isSet()) {
          properties.put(name, value.text("a string, number or boolean"));
        }
      });
      return Collections.unmodifiableMap(properties);
    });
  }
}
