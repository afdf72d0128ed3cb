package org.esarchiver.convert;

import java.util.List;

/**
 * One field of an index mapping that gets a column.
 *
 * @param name the Elasticsearch name within its parent object (may itself contain dots under {@code subobjects: false})
 * @param path the full dotted path, as used in {@code array_fields} and in error messages
 * @param elasticsearchType the mapping type, {@code "object"} for objects mapped without a type
 * @param repeated whether the column holds a list (nested fields, and paths listed in {@code array_fields})
 * @param children the sub-fields of an object or nested field, empty otherwise
 * @param dateParser the compiled {@code format} of a date field, null for every other kind
 */
record MappedField(
    String name,
    String path,
    String elasticsearchType,
    ColumnKind kind,
    boolean repeated,
    List<MappedField> children,
    DateParser dateParser) {

  MappedField {
    children = List.copyOf(children);
  }
}
