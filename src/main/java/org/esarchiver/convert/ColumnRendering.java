package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/** How {@link SourceRebuilder} renders one column's Avro value as the JSON of {@code _source}. */
final class ColumnRendering {
  final MappedField field;
  final int position;
  /** The plan of an object's or nested field's records, null for every other kind. */
  final SourceRebuilder.RecordPlan children;
  private final DateRendering dates;

  ColumnRendering(MappedField field, Schema.Field column) {
    this.field = field;
    this.position = column.pos();
    Schema value = ConverterFactory.valueSchema(column.schema(), field.repeated());
    this.children =
        field.kind() == ColumnKind.OBJECT || field.kind() == ColumnKind.NESTED
            ? new SourceRebuilder.RecordPlan(value, field.children())
            : null;
    this.dates =
        field.dateFormat() == null ? null : DateRendering.of(field, field.kind() == ColumnKind.TIMESTAMP_MICROS);
  }

  /** Overflow paths lead into single objects and flattened fields, not into lists, whose elements have their own. */
  boolean descendable() {
    return !field.repeated() && (field.kind() == ColumnKind.OBJECT || field.kind() == ColumnKind.FLATTENED);
  }

  JsonNode render(Object value) {
    if (!field.repeated()) {
      return renderOne(value);
    }
    ArrayNode list = ConvertJson.NODES.arrayNode();
    for (Object element : (Iterable<?>) value) {
      list.add(renderOne(element));
    }
    return list;
  }

  private JsonNode renderOne(Object value) {
    return switch (field.kind()) {
      case STRING -> TextNode.valueOf(value.toString());
      case LONG -> LongNode.valueOf(((Number) value).longValue());
      case INT -> IntNode.valueOf(((Number) value).intValue());
      case FLOAT -> FloatNode.valueOf(((Number) value).floatValue());
      case DOUBLE -> DoubleNode.valueOf(((Number) value).doubleValue());
      case BOOLEAN -> BooleanNode.valueOf((Boolean) value);
      case UNSIGNED_LONG -> {
        BigInteger whole = unsignedLong(value);
        yield whole.bitLength() < 64 ? LongNode.valueOf(whole.longValue()) : BigIntegerNode.valueOf(whole);
      }
      case TIMESTAMP_MILLIS, TIMESTAMP_MICROS -> dates.render(timestamp(value));
      case GEO_POINT -> {
        IndexedRecord point = (IndexedRecord) value;
        ObjectNode latLon = ConvertJson.NODES.objectNode();
        latLon.put("lat", ((Number) point.get(0)).doubleValue());
        latLon.put("lon", ((Number) point.get(1)).doubleValue());
        yield latLon;
      }
      case OBJECT, NESTED -> children.rebuild((IndexedRecord) value);
      case BINARY -> TextNode.valueOf(Base64.getEncoder().encodeToString(bytes(value)));
      case FLATTENED -> {
        ObjectNode leaves = ConvertJson.NODES.objectNode();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          leaves.put(entry.getKey().toString(), entry.getValue().toString());
        }
        yield leaves;
      }
      case FLOAT_MAP -> {
        ObjectNode weights = ConvertJson.NODES.objectNode();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          weights.put(entry.getKey().toString(), ((Number) entry.getValue()).floatValue());
        }
        yield weights;
      }
      case DENSE_VECTOR -> {
        ArrayNode vector = ConvertJson.NODES.arrayNode();
        for (Object element : (Iterable<?>) value) {
          vector.add(((Number) element).floatValue());
        }
        yield vector;
      }
      case RANGE -> range((IndexedRecord) value);
      case HISTOGRAM -> {
        IndexedRecord histogram = (IndexedRecord) value;
        ObjectNode object = ConvertJson.NODES.objectNode();
        ArrayNode values = object.putArray("values");
        for (Object number : (Iterable<?>) histogram.get(0)) {
          values.add(((Number) number).doubleValue());
        }
        ArrayNode counts = object.putArray("counts");
        for (Object number : (Iterable<?>) histogram.get(1)) {
          counts.add(((Number) number).longValue());
        }
        yield object;
      }
      case AGGREGATE_METRIC -> {
        IndexedRecord metrics = (IndexedRecord) value;
        ObjectNode object = ConvertJson.NODES.objectNode();
        String[] names = {"min", "max", "sum"};
        for (int i = 0; i < names.length; i++) {
          if (metrics.get(i) != null) {
            object.put(names[i], ((Number) metrics.get(i)).doubleValue());
          }
        }
        if (metrics.get(3) != null) {
          object.put("value_count", ((Number) metrics.get(3)).longValue());
        }
        yield object;
      }
      case JOIN -> {
        IndexedRecord join = (IndexedRecord) value;
        if (join.get(1) == null) {
          yield join.get(0) == null ? ConvertJson.NODES.objectNode() : TextNode.valueOf(join.get(0).toString());
        }
        ObjectNode relation = ConvertJson.NODES.objectNode();
        if (join.get(0) != null) {
          relation.put("name", join.get(0).toString());
        }
        relation.put("parent", join.get(1).toString());
        yield relation;
      }
      case GEO_TEXT -> {
        String text = value.toString();
        yield !text.isEmpty() && (text.charAt(0) == '{' || text.charAt(0) == '[')
            ? ConvertJson.parse(text)
            : TextNode.valueOf(text);
      }
      case JSON_TEXT -> ConvertJson.parse((CharSequence) value);
    };
  }

  private JsonNode range(IndexedRecord range) {
    if (range.getSchema().getFields().size() > RangeConverter.BOUNDS.size() && range.get(4) != null) {
      return TextNode.valueOf(range.get(4).toString());
    }
    ObjectNode bounds = ConvertJson.NODES.objectNode();
    ColumnKind kind = ColumnKind.rangeBounds(field.elasticsearchType());
    for (int i = 0; i < RangeConverter.BOUNDS.size(); i++) {
      Object bound = range.get(i);
      if (bound == null) {
        continue;
      }
      bounds.set(
          RangeConverter.BOUNDS.get(i),
          switch (kind) {
            case INT -> IntNode.valueOf(((Number) bound).intValue());
            case LONG -> LongNode.valueOf(((Number) bound).longValue());
            case FLOAT -> FloatNode.valueOf(((Number) bound).floatValue());
            case DOUBLE -> DoubleNode.valueOf(((Number) bound).doubleValue());
            case TIMESTAMP_MILLIS -> dates.render(timestamp(bound));
            default -> TextNode.valueOf(bound.toString());
          });
    }
    return bounds;
  }

  /** Epoch millis or micros, whether the reader gave a long or (with Avro's time conversions) an Instant. */
  private long timestamp(Object value) {
    if (value instanceof Instant instant) {
      boolean micros = field.kind() == ColumnKind.TIMESTAMP_MICROS;
      return micros
          ? Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000)
          : instant.toEpochMilli();
    }
    return ((Number) value).longValue();
  }

  private static BigInteger unsignedLong(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.toBigIntegerExact();
    }
    if (value instanceof BigInteger whole) {
      return whole;
    }
    if (value instanceof Number number) {
      return BigInteger.valueOf(number.longValue());
    }
    return new BigInteger(bytes(value));
  }

  private static byte[] bytes(Object value) {
    if (value instanceof GenericFixed fixed) {
      return fixed.bytes();
    }
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return bytes;
    }
    return (byte[]) value;
  }
}
