package org.esarchiver.convert;

import java.util.HashMap;
import java.util.Map;

/** What a mapped field becomes in the archive, independent of whether it holds one value or a list. */
enum ColumnKind {
  STRING,
  LONG,
  INT,
  FLOAT,
  DOUBLE,
  BOOLEAN,
  /** Avro {@code decimal(20,0)} on a 9-byte fixed: Parquet {@code DECIMAL(20,0)}, holds 0..2^64-1 exactly. */
  UNSIGNED_LONG,
  TIMESTAMP_MILLIS,
  TIMESTAMP_MICROS,
  GEO_POINT,
  OBJECT,
  NESTED,
  /** Base64 in {@code _source}, the decoded bytes in the column. */
  BINARY,
  /** {@code map<string, string>}: dotted key within the object to the leaf value's text. */
  FLATTENED,
  /** {@code map<string, float>}: sparse_vector, rank_features. */
  FLOAT_MAP,
  /** {@code list<float>}: one vector is one value. */
  DENSE_VECTOR,
  /** Record {@code {gte, gt, lte, lt}} of the range's element type ({@code ip_range} adds {@code cidr}). */
  RANGE,
  /** Record {@code {values: list<double>, counts: list<long>}}. */
  HISTOGRAM,
  /** Record {@code {min, max, sum: double, value_count: long}}. */
  AGGREGATE_METRIC,
  /** Record {@code {name, parent}}. */
  JOIN,
  /** geo_shape, shape, point: a WKT string as given, GeoJSON (or a coordinate array) as its compact JSON text. */
  GEO_TEXT,
  /** Anything without a natural column type, kept losslessly as the compact JSON text of the whole value. */
  JSON_TEXT;

  private static final Map<String, ColumnKind> BY_ELASTICSEARCH_TYPE = byElasticsearchType();

  private static Map<String, ColumnKind> byElasticsearchType() {
    Map<String, ColumnKind> kinds = new HashMap<>();
    for (String type :
        new String[] {
          "keyword", "text", "ip", "version", "wildcard", "constant_keyword", "match_only_text",
          "search_as_you_type", "token_count", "semantic_text", "counted_keyword", "annotated_text",
          "icu_collation_keyword", "patterned_text"
        }) {
      kinds.put(type, STRING);
    }
    kinds.put("long", LONG);
    kinds.put("integer", INT);
    kinds.put("short", INT);
    kinds.put("byte", INT);
    kinds.put("unsigned_long", UNSIGNED_LONG);
    kinds.put("float", FLOAT);
    kinds.put("half_float", FLOAT);
    kinds.put("rank_feature", FLOAT);
    kinds.put("double", DOUBLE);
    kinds.put("scaled_float", DOUBLE);
    kinds.put("boolean", BOOLEAN);
    kinds.put("date", TIMESTAMP_MILLIS);
    kinds.put("date_nanos", TIMESTAMP_MICROS);
    kinds.put("geo_point", GEO_POINT);
    kinds.put("object", OBJECT);
    // passthrough (time series) fields are objects in _source whose sub-fields are mapped under "properties"
    kinds.put("passthrough", OBJECT);
    kinds.put("nested", NESTED);
    kinds.put("binary", BINARY);
    kinds.put("flattened", FLATTENED);
    kinds.put("sparse_vector", FLOAT_MAP);
    kinds.put("rank_features", FLOAT_MAP);
    kinds.put("dense_vector", DENSE_VECTOR);
    for (String range :
        new String[] {"integer_range", "long_range", "float_range", "double_range", "date_range", "ip_range"}) {
      kinds.put(range, RANGE);
    }
    kinds.put("histogram", HISTOGRAM);
    kinds.put("aggregate_metric_double", AGGREGATE_METRIC);
    kinds.put("join", JOIN);
    kinds.put("geo_shape", GEO_TEXT);
    kinds.put("shape", GEO_TEXT);
    kinds.put("point", GEO_TEXT);
    return Map.copyOf(kinds);
  }

  /** Every type not listed (completion, percolator, types of later Elasticsearch versions) is JSON text. */
  static ColumnKind ofElasticsearchType(String type) {
    return BY_ELASTICSEARCH_TYPE.getOrDefault(type, JSON_TEXT);
  }

  /**
   * The kind of the bounds of a range type: {@code integer_range} has INT bounds, {@code date_range} TIMESTAMP_MILLIS
   * bounds, {@code ip_range} STRING bounds.
   */
  static ColumnKind rangeBounds(String rangeType) {
    return switch (rangeType) {
      case "integer_range" -> INT;
      case "long_range" -> LONG;
      case "float_range" -> FLOAT;
      case "double_range" -> DOUBLE;
      case "date_range" -> TIMESTAMP_MILLIS;
      case "ip_range" -> STRING;
      default -> throw new IllegalArgumentException("not a range type: " + rangeType);
    };
  }

  /** Whether a dotted {@code _source} key may reach inside this column, as in {@code "host.geo.lat"}. */
  boolean hasSubFields() {
    return switch (this) {
      case OBJECT, NESTED, GEO_POINT, FLATTENED, FLOAT_MAP, RANGE, HISTOGRAM, AGGREGATE_METRIC, JOIN, GEO_TEXT,
          JSON_TEXT -> true;
      default -> false;
    };
  }

  /** Whether the field has a date format: dates, and date_range bounds. */
  static boolean hasDateFormat(String elasticsearchType) {
    return elasticsearchType.equals("date")
        || elasticsearchType.equals("date_nanos")
        || elasticsearchType.equals("date_range");
  }

  /** Whether a column of this kind may hold a list of values: JSON text holds a whole value, arrays included. */
  boolean mayRepeat() {
    return this != JSON_TEXT;
  }
}
