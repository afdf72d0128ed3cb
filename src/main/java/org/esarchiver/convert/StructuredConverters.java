package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Field types whose value is a small object of known shape, each to a record: histogram, aggregate_metric_double,
 * join. A key the shape does not have, or a member that does not fit, rejects the whole value (to {@code _overflow}).
 */
final class StructuredConverters {

  private StructuredConverters() {}

  /** {@code {"values": [0.1, 0.5], "counts": [3, 7]}} to {@code {values: list<double>, counts: list<long>}}. */
  static final class Histogram implements ValueConverter {
    private final Schema schema;

    Histogram(Schema schema) {
      this.schema = schema;
    }

    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      JsonNode values = value.get("values");
      JsonNode counts = value.get("counts");
      if (!value.isObject() || value.size() != 2 || values == null || counts == null || !values.isArray()
          || !counts.isArray() || values.size() != counts.size()) {
        throw RejectedValue.expected("a histogram {values: [...], counts: [...]} of equal lengths", value);
      }
      List<Double> doubles = new ArrayList<>(values.size());
      List<Long> longs = new ArrayList<>(counts.size());
      for (int i = 0; i < values.size(); i++) {
        if (!values.get(i).isNumber() || !counts.get(i).isNumber()) {
          throw RejectedValue.expected("a histogram of numbers", value);
        }
        doubles.add((Double) ScalarConverters.DOUBLE.convert(values.get(i), conversion));
        longs.add((Long) ScalarConverters.LONG.convert(counts.get(i), conversion));
      }
      GenericData.Record histogram = new GenericData.Record(schema);
      histogram.put(0, doubles);
      histogram.put(1, longs);
      return histogram;
    }
  }

  /** {@code {"min": .., "max": .., "sum": .., "value_count": ..}} (any of them) to a record of doubles and a long. */
  static final class AggregateMetric implements ValueConverter {
    private static final List<String> METRICS = List.of("min", "max", "sum", "value_count");
    private final Schema schema;

    AggregateMetric(Schema schema) {
      this.schema = schema;
    }

    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      if (!value.isObject()) {
        throw RejectedValue.expected("an object of metrics min, max, sum, value_count", value);
      }
      GenericData.Record metrics = new GenericData.Record(schema);
      for (Map.Entry<String, JsonNode> entry : value.properties()) {
        int position = METRICS.indexOf(entry.getKey());
        JsonNode metric = entry.getValue();
        if (position < 0 || !(metric.isNumber() || metric.isNull())) {
          throw RejectedValue.expected("an object of numeric metrics min, max, sum, value_count", value);
        }
        if (!metric.isNull()) {
          ValueConverter converter = position == 3 ? ScalarConverters.LONG : ScalarConverters.DOUBLE;
          metrics.put(position, converter.convert(metric, conversion));
        }
      }
      return metrics;
    }
  }

  /** A join field: the relation name as a string, or {@code {"name": .., "parent": ..}}, to {@code {name, parent}}. */
  static final class Join implements ValueConverter {
    private final Schema schema;

    Join(Schema schema) {
      this.schema = schema;
    }

    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      GenericData.Record join = new GenericData.Record(schema);
      if (value.isTextual()) {
        join.put(0, value.textValue());
        return join;
      }
      JsonNode name = value.get("name");
      JsonNode parent = value.get("parent");
      int known = (name == null ? 0 : 1) + (parent == null ? 0 : 1);
      if (!value.isObject() || name == null || !name.isTextual() || known != value.size()
          || (parent != null && !(parent.isTextual() || parent.isNumber()))) {
        throw RejectedValue.expected("a join relation name or {name, parent}", value);
      }
      join.put(0, name.textValue());
      if (parent != null) {
        join.put(1, parent.asText());
      }
      return join;
    }
  }

  /**
   * geo_shape, shape, point as text: a WKT (or {@code "x,y"}) string as given, GeoJSON or a coordinate array as its
   * compact JSON text. A string starting with {@code {} or {@code [} would read back as JSON, so it goes to
   * {@code _overflow}, as do numbers and booleans.
   */
  static final class GeoText implements ValueConverter {
    private final boolean point;

    /** @param point whether {@code [x, y]} is one value (point), not a list of values (geo_shape, shape) */
    GeoText(boolean point) {
      this.point = point;
    }

    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      if (value.isTextual()) {
        String text = value.textValue();
        if (!text.isEmpty() && (text.charAt(0) == '{' || text.charAt(0) == '[')) {
          throw RejectedValue.expected("WKT text or GeoJSON", value);
        }
        return text;
      }
      if (value.isContainerNode()) {
        return value.toString();
      }
      throw RejectedValue.expected("WKT text or GeoJSON", value);
    }

    @Override
    public boolean takesArrays() {
      return point;
    }

    @Override
    public boolean isSingleValue(JsonNode array) {
      if (!point || array.size() < 2 || array.size() > 3) {
        return false;
      }
      for (JsonNode coordinate : array) {
        if (!coordinate.isNumber()) {
          return false;
        }
      }
      return true;
    }
  }
}
