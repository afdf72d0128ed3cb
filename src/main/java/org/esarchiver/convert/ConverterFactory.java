package org.esarchiver.convert;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/** Builds the converter tree for a schema once, walking the mapped fields and their Avro fields side by side. */
final class ConverterFactory {

  private ConverterFactory() {}

  /**
   * @param firstPosition the Avro position of the first mapped field (after {@code _id} and {@code _index} in the
   *     document)
   */
  static RecordConverter record(Schema recordSchema, String path, List<MappedField> fields, int firstPosition) {
    List<Column> columns = new ArrayList<>(fields.size());
    List<String> names = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      MappedField field = fields.get(i);
      int position = firstPosition + i;
      Schema valueSchema = valueSchema(recordSchema.getFields().get(position).schema(), field.repeated());
      columns.add(new Column(field, i, position, converter(field, valueSchema)));
      names.add(field.name());
    }
    return new RecordConverter(recordSchema, path, names, columns);
  }

  private static ValueConverter converter(MappedField field, Schema valueSchema) {
    return switch (field.kind()) {
      case STRING -> ScalarConverters.STRING;
      case LONG -> ScalarConverters.LONG;
      case INT -> ScalarConverters.INT;
      case FLOAT -> ScalarConverters.FLOAT;
      case DOUBLE -> ScalarConverters.DOUBLE;
      case BOOLEAN -> ScalarConverters.BOOLEAN;
      case UNSIGNED_LONG -> ScalarConverters.UNSIGNED_LONG;
      case JSON_TEXT -> ScalarConverters.JSON_TEXT;
      case TIMESTAMP_MILLIS -> new TimestampConverter(field.dateParser(), false);
      case TIMESTAMP_MICROS -> new TimestampConverter(field.dateParser(), true);
      case GEO_POINT -> new GeoPointConverter(valueSchema);
      case OBJECT, NESTED -> record(valueSchema, field.path(), field.children(), 0);
    };
  }

  /** The type of one value: the non-null branch of the nullable union, and the element type of a list. */
  private static Schema valueSchema(Schema fieldSchema, boolean repeated) {
    Schema nonNull = fieldSchema;
    if (fieldSchema.getType() == Schema.Type.UNION) {
      nonNull = fieldSchema.getTypes().get(1);
    }
    return repeated ? nonNull.getElementType() : nonNull;
  }
}
