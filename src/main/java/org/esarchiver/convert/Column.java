package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One field of a record: where its value goes and how a JSON value, which Elasticsearch lets be a single value or an
 * array of them, becomes the column's single value or list.
 */
final class Column {

  enum Shape {
    /** One value; a JSON array must hold at most one (non-null) value. */
    SINGLE,
    /** A list of values; nested arrays are flattened and nulls skipped, as Elasticsearch indexes them. */
    LIST,
    /** The whole JSON value as text, arrays included (the value of a {@code dense_vector} is an array). */
    WHOLE_VALUE
  }

  private final String path;
  private final int index;
  private final int position;
  private final ValueConverter converter;
  private final Shape shape;
  private final boolean hasSubFields;
  private final boolean mergesObjects;

  /**
   * @param index the column's slot among its record's mapped columns
   * @param position the column's position in the Avro record
   */
  Column(MappedField field, int index, int position, ValueConverter converter) {
    this.path = field.path();
    this.index = index;
    this.position = position;
    this.converter = converter;
    this.shape =
        field.repeated() ? Shape.LIST : field.kind() == ColumnKind.JSON_TEXT ? Shape.WHOLE_VALUE : Shape.SINGLE;
    this.hasSubFields = field.kind().hasSubFields();
    this.mergesObjects = field.kind() != ColumnKind.NESTED;
  }

  int index() {
    return index;
  }

  int position() {
    return position;
  }

  boolean hasSubFields() {
    return hasSubFields;
  }

  boolean mergesObjects() {
    return mergesObjects;
  }

  /** The Avro value for the field's JSON value; null for JSON null. */
  Object convert(JsonNode value) {
    if (value.isNull()) {
      return null;
    }
    try {
      return switch (shape) {
        case WHOLE_VALUE -> converter.convert(value);
        case SINGLE -> value.isArray() && !converter.isSingleValue(value) ? onlyValue(value) : converter.convert(value);
        case LIST -> list(value);
      };
    } catch (RejectedValue rejected) {
      throw rejected.inField(path);
    }
  }

  private Object onlyValue(JsonNode array) {
    List<JsonNode> values = new ArrayList<>(1);
    collectValues(array, values);
    if (values.size() > 1) {
      throw RejectedValue.tooManyValues(path, values.size(), array);
    }
    return values.isEmpty() ? null : converter.convert(values.get(0));
  }

  private List<Object> list(JsonNode value) {
    List<JsonNode> values = new ArrayList<>();
    collectValues(value, values);
    List<Object> converted = new ArrayList<>(values.size());
    for (JsonNode single : values) {
      Object element = converter.convert(single);
      if (element != null) {
        converted.add(element);
      }
    }
    return converted;
  }

  private void collectValues(JsonNode value, List<JsonNode> values) {
    if (value.isNull()) {
      return;
    }
    if (value.isArray() && !converter.isSingleValue(value)) {
      for (JsonNode element : value) {
        collectValues(element, values);
      }
    } else {
      values.add(value);
    }
  }
}
