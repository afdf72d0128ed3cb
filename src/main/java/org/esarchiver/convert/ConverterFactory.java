package org.esarchiver.convert;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/** Builds the converter tree for a schema once, walking the mapped fields and their Avro fields side by side. */
final class ConverterFactory {

  private ConverterFactory() {}

  /**
   * @param recordSchema the Avro record: its fields without an {@code es.meta} property are {@code fields}, in order
   * @param scopePrefix the record's path relative to the record holding its {@code _overflow}, with a trailing dot;
   *     empty for such a record itself
   */
  static RecordConverter record(Schema recordSchema, List<MappedField> fields, String scopePrefix) {
    List<Schema.Field> avroFields = new ArrayList<>(fields.size());
    int overflowPosition = -1;
    for (Schema.Field avroField : recordSchema.getFields()) {
      String role = avroField.getProp(AvroSchemaBuilder.ES_META_PROPERTY);
      if (role == null) {
        avroFields.add(avroField);
      } else if (role.equals("overflow")) {
        overflowPosition = avroField.pos();
      }
    }
    if (avroFields.size() != fields.size()) {
      throw new IllegalStateException("record " + recordSchema.getFullName() + " does not match its fields");
    }
    List<Column> columns = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      MappedField field = fields.get(i);
      Schema.Field avroField = avroFields.get(i);
      Schema valueSchema = valueSchema(avroField.schema(), field.repeated());
      String scopePath = scopePrefix + field.name();
      columns.add(new Column(field, scopePath, i, avroField.pos(), converter(field, valueSchema, scopePath)));
    }
    return new RecordConverter(recordSchema, scopePrefix, columns, overflowPosition);
  }

  private static ValueConverter converter(MappedField field, Schema valueSchema, String scopePath) {
    return switch (field.kind()) {
      case STRING -> ScalarConverters.STRING;
      case LONG -> ScalarConverters.LONG;
      case INT -> ScalarConverters.integer(field.elasticsearchType());
      case FLOAT -> ScalarConverters.FLOAT;
      case DOUBLE -> ScalarConverters.DOUBLE;
      case BOOLEAN -> ScalarConverters.BOOLEAN;
      case BINARY -> ScalarConverters.BINARY;
      case DENSE_VECTOR -> ScalarConverters.DENSE_VECTOR;
      case JSON_TEXT -> ScalarConverters.JSON_TEXT;
      case UNSIGNED_LONG -> new UnsignedLongConverter(valueSchema);
      case TIMESTAMP_MILLIS -> new TimestampConverter(field.dateParser(), false);
      case TIMESTAMP_MICROS -> new TimestampConverter(field.dateParser(), true);
      case GEO_POINT -> new GeoPointConverter(valueSchema);
      case OBJECT, NESTED -> field.isRecordList()
          ? record(valueSchema, field.children(), "")
          : record(valueSchema, field.children(), scopePath + ".");
      case FLATTENED -> new MapConverters.Flattened(scopePath);
      case FLOAT_MAP -> MapConverters.FLOAT_MAP;
      case RANGE -> new RangeConverter(
          valueSchema, rangeBound(field), field.elasticsearchType().equals("ip_range"));
      case HISTOGRAM -> new StructuredConverters.Histogram(valueSchema);
      case AGGREGATE_METRIC -> new StructuredConverters.AggregateMetric(valueSchema);
      case JOIN -> new StructuredConverters.Join(valueSchema);
      case GEO_TEXT -> new StructuredConverters.GeoText(field.elasticsearchType().equals("point"));
    };
  }

  private static ValueConverter rangeBound(MappedField range) {
    return switch (ColumnKind.rangeBounds(range.elasticsearchType())) {
      case INT -> ScalarConverters.INTEGER;
      case LONG -> ScalarConverters.LONG;
      case FLOAT -> ScalarConverters.FLOAT;
      case DOUBLE -> ScalarConverters.DOUBLE;
      case TIMESTAMP_MILLIS -> new TimestampConverter(range.dateParser(), false);
      default -> ScalarConverters.STRING;
    };
  }

  /** The type of one value: the non-null branch of the nullable union, and the element type of a list. */
  static Schema valueSchema(Schema fieldSchema, boolean repeated) {
    Schema nonNull = fieldSchema;
    if (fieldSchema.getType() == Schema.Type.UNION) {
      nonNull = fieldSchema.getTypes().get(1);
    }
    return repeated ? nonNull.getElementType() : nonNull;
  }
}
