package org.esarchiver.convert;

import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;

/**
 * One field of an index mapping that gets a column.
 *
 * @param name the Elasticsearch name within its parent object (may itself contain dots under {@code subobjects: false})
 * @param path the full dotted path, as used in {@code array_fields}, pinned types and {@code _overflow}
 * @param elasticsearchType the effective mapping type (pinned or mapped), {@code "object"} for objects mapped without
 *     a type
 * @param repeated whether the column holds a list (nested fields, and paths listed in {@code array_fields})
 * @param children the sub-fields of an object or nested field, empty otherwise
 * @param dateFormat the {@code format} of a date, date_nanos or date_range field (its default if the mapping has
 *     none), null for every other type
 * @param dateLocale the {@code locale} of such a field, null if the mapping has none
 * @param dateParser {@code dateFormat} compiled, null without one
 */
record MappedField(
    String name,
    String path,
    String elasticsearchType,
    ColumnKind kind,
    boolean repeated,
    List<MappedField> children,
    String dateFormat,
    String dateLocale,
    DateParser dateParser) {

  static final String DEFAULT_DATE_FORMAT = "strict_date_optional_time||epoch_millis";
  static final String DEFAULT_DATE_NANOS_FORMAT = "strict_date_optional_time_nanos||epoch_millis";

  MappedField {
    children = List.copyOf(children);
  }

  /**
   * @throws IllegalArgumentException if the format or the locale cannot be compiled
   */
  static MappedField of(
      String name,
      String path,
      String elasticsearchType,
      ColumnKind kind,
      boolean repeated,
      List<MappedField> children,
      String dateFormat,
      String dateLocale) {
    DateParser parser = dateFormat == null ? null : DateFormats.compile(dateFormat, locale(dateLocale));
    return new MappedField(
        name, path, elasticsearchType, kind, repeated, children, dateFormat, dateLocale, parser);
  }

  static Locale locale(String tag) {
    if (tag == null) {
      return Locale.ROOT;
    }
    try {
      return new Locale.Builder().setLanguageTag(tag.replace('_', '-')).build();
    } catch (IllformedLocaleException e) {
      throw new IllegalArgumentException("unknown locale '" + tag + "'", e);
    }
  }

  static String defaultDateFormat(String elasticsearchType) {
    return elasticsearchType.equals("date_nanos") ? DEFAULT_DATE_NANOS_FORMAT : DEFAULT_DATE_FORMAT;
  }

  /** Whether this field's column is a list of records, each with an {@code _overflow} of its own. */
  boolean isRecordList() {
    return repeated && (kind == ColumnKind.OBJECT || kind == ColumnKind.NESTED);
  }
}
