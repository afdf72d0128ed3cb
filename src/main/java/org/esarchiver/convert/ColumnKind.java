package org.esarchiver.convert;

import java.util.Map;

/** What a mapped field becomes in the archive, independent of whether it holds one value or a list. */
enum ColumnKind {
  STRING,
  LONG,
  INT,
  FLOAT,
  DOUBLE,
  BOOLEAN,
  /** Decimal digits in a string: Avro has no unsigned 64-bit type and a long would overflow. */
  UNSIGNED_LONG,
  TIMESTAMP_MILLIS,
  TIMESTAMP_MICROS,
  GEO_POINT,
  OBJECT,
  NESTED,
  /** Anything without a natural column type, kept losslessly as the JSON text of the value. */
  JSON_TEXT;

  private static final Map<String, ColumnKind> BY_ELASTICSEARCH_TYPE =
      Map.ofEntries(
          Map.entry("keyword", STRING),
          Map.entry("text", STRING),
          Map.entry("ip", STRING),
          Map.entry("version", STRING),
          Map.entry("wildcard", STRING),
          Map.entry("constant_keyword", STRING),
          Map.entry("match_only_text", STRING),
          Map.entry("search_as_you_type", STRING),
          Map.entry("long", LONG),
          Map.entry("integer", INT),
          Map.entry("short", INT),
          Map.entry("byte", INT),
          Map.entry("unsigned_long", UNSIGNED_LONG),
          Map.entry("float", FLOAT),
          Map.entry("half_float", FLOAT),
          Map.entry("double", DOUBLE),
          Map.entry("scaled_float", DOUBLE),
          Map.entry("boolean", BOOLEAN),
          Map.entry("date", TIMESTAMP_MILLIS),
          Map.entry("date_nanos", TIMESTAMP_MICROS),
          Map.entry("geo_point", GEO_POINT),
          Map.entry("object", OBJECT),
          // passthrough (time series) fields are objects in _source whose sub-fields are mapped under "properties"
          Map.entry("passthrough", OBJECT),
          Map.entry("nested", NESTED));

  static ColumnKind ofElasticsearchType(String type) {
    return BY_ELASTICSEARCH_TYPE.getOrDefault(type, JSON_TEXT);
  }

  /** Whether a dotted {@code _source} key may reach inside this column, as in {@code "host.geo.lat"}. */
  boolean hasSubFields() {
    return this == OBJECT || this == NESTED || this == GEO_POINT || this == JSON_TEXT;
  }

  boolean isTimestamp() {
    return this == TIMESTAMP_MILLIS || this == TIMESTAMP_MICROS;
  }
}
