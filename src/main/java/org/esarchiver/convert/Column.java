package org.esarchiver.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One field of a record: where its value goes and how a JSON value, which Elasticsearch lets be a single value or an
 * array of them, becomes the column's single value or list, or goes to {@code _overflow}.
 *
 * <p>The overflow rule: a value that does not fit the column (a malformed value, two or more values in a single-value
 * column, an element of a list that does not fit the list's type, ...) is put into {@code _overflow} whole and exactly
 * as it was, under the field's path, and the column is null. A value the column holds only in part (a date_nanos value
 * with digits below the microsecond) stays in the column and is also put into {@code _overflow}, where it wins when the
 * document is rebuilt.
 */
final class Column {

  enum Shape {
    /** One value; a JSON array must hold at most one (non-null) value. */
    SINGLE,
    /** A list of values; nested arrays are flattened and nulls skipped, as Elasticsearch indexes them. */
    LIST,
    /** The whole JSON value, arrays included (JSON text columns). */
    WHOLE_VALUE
  }

  private final MappedField field;
  private final String scopePath;
  private final int index;
  private final int position;
  private final ValueConverter converter;
  private final Shape shape;

  /**
   * @param scopePath the field's path relative to the record that holds its {@code _overflow}
   * @param index the column's slot among its record's mapped columns
   * @param position the column's position in the Avro record
   */
  Column(MappedField field, String scopePath, int index, int position, ValueConverter converter) {
    this.field = field;
    this.scopePath = scopePath;
    this.index = index;
    this.position = position;
    this.converter = converter;
    this.shape = field.repeated() ? Shape.LIST : field.kind().mayRepeat() ? Shape.SINGLE : Shape.WHOLE_VALUE;
  }

  MappedField field() {
    return field;
  }

  int index() {
    return index;
  }

  int position() {
    return position;
  }

  ValueConverter converter() {
    return converter;
  }

  Shape shape() {
    return shape;
  }

  boolean hasSubFields() {
    return field.kind().hasSubFields();
  }

  /** Whether two objects given for this field are one object (object fields), or two values (nested fields). */
  boolean mergesObjects() {
    return field.kind() != ColumnKind.NESTED;
  }

  /** The Avro value for the field's JSON value; null for JSON null, and for a value put into {@code _overflow}. */
  Object convert(JsonNode value, Conversion conversion) {
    if (value.isNull()) {
      return null;
    }
    int overflowValuesBefore = conversion.overflowValues;
    try {
      Object typed = convertStrict(value, conversion);
      if (conversion.inexact) {
        conversion.inexact = false;
        conversion.overflow(scopePath, value);
      }
      return typed;
    } catch (RejectedValue rejected) {
      conversion.inexact = false;
      conversion.overflowValues = overflowValuesBefore; // elements of a rejected list kept none of theirs
      conversion.overflow(scopePath, value);
      return null;
    }
  }

  /** The Avro value, or {@link RejectedValue} if the value does not fit. */
  Object convertStrict(JsonNode value, Conversion conversion) {
    return switch (shape) {
      case WHOLE_VALUE -> converter.convert(value, conversion);
      case SINGLE -> value.isArray() && !converter.isSingleValue(value)
          ? onlyValue(value, conversion)
          : converter.convert(value, conversion);
      case LIST -> {
        boolean enclosingInList = conversion.inList;
        conversion.inList = true;
        try {
          yield list(value, conversion);
        } finally {
          conversion.inList = enclosingInList;
        }
      }
    };
  }

  private Object onlyValue(JsonNode array, Conversion conversion) {
    List<JsonNode> values = new ArrayList<>(2);
    collectValues(array, values);
    if (values.size() > 1) {
      throw RejectedValue.expected("a single value (the field is not a list column)", array);
    }
    return values.isEmpty() ? null : converter.convert(values.get(0), conversion);
  }

  private List<Object> list(JsonNode value, Conversion conversion) {
    List<JsonNode> values = new ArrayList<>();
    collectValues(value, values);
    List<Object> converted = new ArrayList<>(values.size());
    for (JsonNode single : values) {
      Object element = converter.convert(single, conversion);
      if (element != null) {
        converted.add(element);
      }
    }
    return converted;
  }

  /**
   * Streams the value the parser is at (its first token {@code token}) into the column: the same Avro value as {@link
   * #convert} gives for its node, or {@link #NOT_STREAMED} if the value would put anything into {@code _overflow} (the
   * caller then converts the whole document from its tree, where overflow is handled). Consumes the value.
   */
  Object stream(JsonParser parser, JsonToken token, Conversion conversion) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (shape != Shape.WHOLE_VALUE) {
      if (token.isScalarValue() || token == JsonToken.START_OBJECT) {
        Object value = streamOne(parser, token, conversion);
        return shape == Shape.SINGLE || value == NOT_STREAMED ? value : listOf(value);
      }
      if (token == JsonToken.START_ARRAY && shape == Shape.LIST && !converter.takesArrays()) {
        List<Object> values = new ArrayList<>();
        return streamElements(parser, values, conversion) ? values : NOT_STREAMED;
      }
    }
    int overflowValuesBefore = conversion.overflowValues;
    Object value = convert(ConvertJson.readValue(parser), conversion);
    return conversion.overflowValues == overflowValuesBefore ? value : NOT_STREAMED;
  }

  /** What {@link #stream} returns for a value that needs the document's tree. */
  static final Object NOT_STREAMED = new Object();

  /** One value, a scalar or an object (at its START_OBJECT); {@link #NOT_STREAMED} if it does not fit the column. */
  private Object streamOne(JsonParser parser, JsonToken token, Conversion conversion) throws IOException {
    if (token == JsonToken.START_OBJECT && converter instanceof RecordConverter record) {
      return record.stream(parser, conversion);
    }
    int overflowValuesBefore = conversion.overflowValues;
    try {
      Object value = token == JsonToken.START_OBJECT
          ? converter.convertObject(parser, conversion)
          : converter.convertScalar(parser, conversion);
      if (conversion.inexact) {
        conversion.inexact = false;
        return NOT_STREAMED;
      }
      // A converter that keeps part of a value in _overflow itself (a flattened key with several values).
      return conversion.overflowValues == overflowValuesBefore ? value : NOT_STREAMED;
    } catch (RejectedValue rejected) {
      conversion.inexact = false;
      return NOT_STREAMED;
    }
  }

  private static List<Object> listOf(Object value) {
    List<Object> list = new ArrayList<>(1);
    if (value != null) {
      list.add(value);
    }
    return list;
  }

  /** The elements of an array (nested arrays flattened, nulls skipped) into {@code values}; false if not streamed. */
  private boolean streamElements(JsonParser parser, List<Object> values, Conversion conversion) throws IOException {
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      Object value;
      if (token == JsonToken.VALUE_NULL) {
        continue;
      } else if (token == JsonToken.START_ARRAY) {
        if (!streamElements(parser, values, conversion)) {
          return false;
        }
        continue;
      } else {
        value = streamOne(parser, token, conversion);
      }
      if (value == NOT_STREAMED) {
        return false;
      }
      if (value != null) {
        values.add(value);
      }
    }
    return true;
  }

  /** The values of a JSON value as Elasticsearch indexes them: arrays flattened, nulls skipped. */
  void collectValues(JsonNode value, List<JsonNode> values) {
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

  @Override
  public String toString() {
    return "Column[" + field.path() + ", " + field.elasticsearchType() + ", " + shape + "]";
  }
}
