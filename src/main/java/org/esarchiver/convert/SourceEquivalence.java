package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether a rebuilt {@code _source} equals the original as Elasticsearch reads it: the equality of the invariant "from
 * a row the original {@code _source} can be rebuilt". Both documents are reduced, with the archive schema, to the
 * values of each field path, and these are compared:
 *
 * <ul>
 *   <li>key order is free, and so is the form of a path: {@code {"a.b": 1}} equals {@code {"a": {"b": 1}}};
 *   <li>a field's values are compared as a multiset: arrays are flattened and nulls (and empty arrays and objects) are
 *       no value, so {@code "x"} equals {@code ["x"]} and {@code [null]} equals nothing; the order of a field's values
 *       is not compared (Elasticsearch indexes them as a set); each nested object is one value;
 *   <li>a value of a mapped field is compared as the typed value Elasticsearch coerces it to, when it does: numbers as
 *       numbers of the field's type ({@code "200"} equals {@code 200} in a short field, {@code 3.0} equals {@code 3}),
 *       booleans, strings ({@code 42} equals {@code "42"} in a keyword field), unsigned longs exactly, binary as its
 *       bytes, geo points as points ({@code "41.1,-71.3"} equals {@code {"lat": 41.1, "lon": -71.3}}), ranges,
 *       histograms, aggregate metrics and join relations by their members; dates as instants, parsed with the field's
 *       formats (or as ISO-8601), to the millisecond for date and date_range and to the nanosecond for date_nanos;
 *       flattened fields by the text of each leaf under its dotted key, sparse_vector and rank_features by each
 *       weight as a float;
 *   <li>a value Elasticsearch would not coerce (malformed), and any value of an unmapped path, geo_shape / shape /
 *       point, completion, percolator or unknown type, must be the same JSON, numbers compared by value ({@code 1}
 *       equals {@code 1.0}).
 * </ul>
 */
public final class SourceEquivalence {

  private static final DateParser ISO_8601 = DateFormats.compile("strict_date_optional_time_nanos", Locale.ROOT);
  private static final int MAX_SHOWN_CHARS = 300;

  private SourceEquivalence() {}

  public static boolean equivalent(JsonNode original, JsonNode rebuilt, ArchiveSchema schema) {
    return differences(original, rebuilt, schema).isEmpty();
  }

  /**
   * One line per path whose values differ ({@code "status: original [n:200] rebuilt [n:404]"}), empty if the documents
   * are equivalent.
   */
  public static List<String> differences(JsonNode original, JsonNode rebuilt, ArchiveSchema schema) {
    Map<String, List<String>> expected = normalize(original, schema);
    Map<String, List<String>> actual = normalize(rebuilt, schema);
    List<String> differences = new ArrayList<>();
    for (String path : new TreeSet<>(union(expected.keySet(), actual.keySet()))) {
      List<String> expectedValues = expected.getOrDefault(path, List.of());
      List<String> actualValues = actual.getOrDefault(path, List.of());
      if (!expectedValues.equals(actualValues)) {
        differences.add(path + ": original " + shown(expectedValues) + " rebuilt " + shown(actualValues));
      }
    }
    return differences;
  }

  /** Each path of the document to the sorted canonical texts of its values. */
  static Map<String, List<String>> normalize(JsonNode document, ArchiveSchema schema) {
    Map<String, List<String>> values = new TreeMap<>();
    if (document != null && document.isObject()) {
      object(document, schema.documentFields(), "", values);
    } else if (document != null && !document.isMissingNode()) {
      add(values, "", "raw " + Canonical.text(document));
    }
    values.values().forEach(list -> list.sort(null));
    return values;
  }

  private static Collection<String> union(Collection<String> first, Collection<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static void object(JsonNode object, RecordConverter record, String prefix, Map<String, List<String>> values) {
    Map<Column, JsonNode> byColumn = new LinkedHashMap<>();
    Map<String, JsonNode> unmapped = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      String key = property.getKey();
      JsonNode value = property.getValue();
      Column column = record.column(key);
      if (column == null) {
        int dot = key.lastIndexOf('.');
        while (dot > 0 && (column = record.column(key.substring(0, dot))) == null) {
          dot = key.lastIndexOf('.', dot - 1);
        }
        if (column == null || !column.hasSubFields()) {
          unmapped.merge(prefix + key, value, (a, b) -> JsonMerge.merge(a, b, false));
          continue;
        }
        value = JsonMerge.wrap(key.substring(dot + 1), value);
      }
      boolean mergesObjects = column.mergesObjects();
      byColumn.merge(column, value, (a, b) -> JsonMerge.merge(a, b, mergesObjects));
    }
    unmapped.forEach((path, value) -> add(values, path, "raw " + Canonical.text(value)));
    byColumn.forEach((column, value) -> field(column, value, values));
  }

  private static void field(Column column, JsonNode value, Map<String, List<String>> values) {
    MappedField field = column.field();
    String path = field.path();
    if (column.shape() == Column.Shape.WHOLE_VALUE) {
      if (!value.isNull()) {
        add(values, path, "raw " + Canonical.text(value));
      }
      return;
    }
    List<JsonNode> single = new ArrayList<>();
    column.collectValues(value, single);
    for (JsonNode one : single) {
      switch (field.kind()) {
        case OBJECT -> {
          if (one.isObject()) {
            object(one, (RecordConverter) column.converter(), path + ".", values);
          } else {
            add(values, path, "raw " + Canonical.text(one));
          }
        }
        case NESTED -> {
          if (one.isObject()) {
            Map<String, List<String>> nested = new TreeMap<>();
            object(one, (RecordConverter) column.converter(), path + ".", nested);
            nested.values().forEach(list -> list.sort(null));
            add(values, path, "nested " + nested);
          } else {
            add(values, path, "raw " + Canonical.text(one));
          }
        }
        case FLATTENED -> {
          if (one.isObject()) {
            flattened(one, path, values);
          } else {
            add(values, path, "raw " + Canonical.text(one));
          }
        }
        case FLOAT_MAP -> {
          if (one.isObject()) {
            for (Map.Entry<String, JsonNode> weight : one.properties()) {
              String leaf = leaf(ScalarConverters.FLOAT, weight.getValue());
              if (leaf != null) {
                add(values, path + "." + weight.getKey(), leaf);
              }
            }
          } else {
            add(values, path, "raw " + Canonical.text(one));
          }
        }
        case TIMESTAMP_MILLIS, TIMESTAMP_MICROS -> add(values, path, date(field, one));
        case RANGE -> add(values, path, range(column, one));
        case GEO_TEXT -> add(values, path, "raw " + Canonical.text(one));
        default -> {
          String leaf = leaf(column.converter(), one);
          if (leaf != null) {
            add(values, path, leaf);
          }
        }
      }
    }
  }

  private static void flattened(JsonNode object, String prefix, Map<String, List<String>> values) {
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      flattenedValue(prefix + "." + entry.getKey(), entry.getValue(), values);
    }
  }

  private static void flattenedValue(String path, JsonNode value, Map<String, List<String>> values) {
    if (value.isObject()) {
      flattened(value, path, values);
    } else if (value.isArray()) {
      for (JsonNode element : value) {
        flattenedValue(path, element, values);
      }
    } else if (!value.isNull()) {
      add(values, path, "v " + TextNode.valueOf(value.asText()));
    }
  }

  /** The typed value the converter coerces to, or the raw JSON of a value it rejects; null for no value ({@code ""}). */
  private static String leaf(ValueConverter converter, JsonNode value) {
    try {
      Object typed = converter.convert(value, new Conversion());
      return typed == null ? null : "v " + Canonical.text(typed);
    } catch (RejectedValue rejected) {
      return "raw " + Canonical.text(value);
    }
  }

  private static String date(MappedField field, JsonNode value) {
    Instant instant = TimestampConverter.parse(field.dateParser(), value);
    if (instant == null) {
      instant = TimestampConverter.parse(ISO_8601, value);
    }
    if (instant == null && value.isTextual()) {
      try {
        instant = Instant.parse(value.textValue()); // years beyond 9999, which the ISO formats above do not take
      } catch (DateTimeParseException e) {
        // not a date: compared as raw JSON below
      }
    }
    if (instant == null) {
      return "raw " + Canonical.text(value);
    }
    return "t " + (field.kind() == ColumnKind.TIMESTAMP_MICROS ? instant : instant.truncatedTo(ChronoUnit.MILLIS));
  }

  private static String range(Column column, JsonNode value) {
    MappedField field = column.field();
    if (!field.elasticsearchType().equals("date_range") || !value.isObject()) {
      return leaf(column.converter(), value);
    }
    Map<String, String> bounds = new TreeMap<>();
    for (Map.Entry<String, JsonNode> bound : value.properties()) {
      if (!RangeConverter.BOUNDS.contains(bound.getKey())) {
        return "raw " + Canonical.text(value);
      }
      if (!bound.getValue().isNull()) {
        String date = date(field, bound.getValue());
        if (date.startsWith("raw ")) {
          return "raw " + Canonical.text(value);
        }
        bounds.put(bound.getKey(), date);
      }
    }
    return "range " + bounds;
  }

  private static void add(Map<String, List<String>> values, String path, String value) {
    values.computeIfAbsent(path, p -> new ArrayList<>()).add(value);
  }

  private static String shown(List<String> values) {
    String text = values.toString();
    return text.length() <= MAX_SHOWN_CHARS
        ? text
        : text.substring(0, MAX_SHOWN_CHARS) + "... (" + text.length() + " characters)";
  }
}
