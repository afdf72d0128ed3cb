package org.esarchiver.convert;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/** The mapped fields of an archive's Avro schema, from the properties {@link AvroSchemaBuilder} wrote. */
final class AvroSchemaReader {

  private AvroSchemaReader() {}

  /** @throws IllegalArgumentException if the schema was not written by es-archiver */
  static List<MappedField> read(Schema document) {
    if (document.getType() != Schema.Type.RECORD || ArchiveSchema.metadataField(document, "id") == null
        || ArchiveSchema.metadataField(document, "overflow") == null) {
      throw new IllegalArgumentException(
          "not an es-archiver archive schema (no _id and _overflow columns): " + document.getFullName());
    }
    return fields(document, "");
  }

  private static List<MappedField> fields(Schema record, String parentPath) {
    List<MappedField> fields = new ArrayList<>();
    for (Schema.Field column : record.getFields()) {
      if (column.getProp(AvroSchemaBuilder.ES_META_PROPERTY) != null) {
        continue;
      }
      String type = column.getProp(AvroSchemaBuilder.ES_TYPE_PROPERTY);
      if (type == null) {
        throw new IllegalArgumentException(
            "not an es-archiver archive schema: column '" + column.name() + "' has no es.type");
      }
      String name = column.getProp(AvroSchemaBuilder.ES_NAME_PROPERTY);
      if (name == null) {
        name = column.name();
      }
      String path = parentPath.isEmpty() ? name : parentPath + "." + name;
      ColumnKind kind = ColumnKind.ofElasticsearchType(type);
      Schema value = column.schema().getType() == Schema.Type.UNION ? column.schema().getTypes().get(1) : column.schema();
      boolean repeated =
          kind == ColumnKind.NESTED
              || (value.getType() == Schema.Type.ARRAY
                  && (kind != ColumnKind.DENSE_VECTOR || value.getElementType().getType() == Schema.Type.ARRAY));
      List<MappedField> children = List.of();
      if (kind == ColumnKind.OBJECT || kind == ColumnKind.NESTED) {
        children = fields(repeated ? value.getElementType() : value, path);
      }
      String format = column.getProp(AvroSchemaBuilder.ES_FORMAT_PROPERTY);
      if (format == null && ColumnKind.hasDateFormat(type)) {
        format = MappedField.defaultDateFormat(type);
      }
      fields.add(
          MappedField.of(
              name,
              path,
              type,
              kind,
              repeated,
              children,
              format,
              column.getProp(AvroSchemaBuilder.ES_LOCALE_PROPERTY)));
    }
    return fields;
  }
}
