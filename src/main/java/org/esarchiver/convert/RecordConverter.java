package org.esarchiver.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * An object (the document itself, an object field or the element of a list of objects) to an Avro record. {@code
 * _source} keys are matched to mapped fields by name; a dotted key ({@code "host.geo.lat"}) that is not itself a field
 * name is split at the longest mapped prefix and handed, wrapped, to that field, so dotted and nested forms may mix.
 * Keys that match no field go to {@code _overflow} under their path.
 *
 * <p>The document and the elements of lists of objects are scopes: each has an {@code _overflow} column of its own,
 * whose paths are relative to it (a path cannot say which element of a list a value came from).
 */
final class RecordConverter implements ValueConverter {

  private final Schema schema;
  private final String scopePrefix;
  private final Column[] columns;
  private final Map<String, Column> columnsByName;
  /** The columns' keys, by {@link Column#index()}. */
  private final SerializedString[] keys;
  /**
   * By the index of a column plus one (0: the object's start), the index of the column whose key followed it last
   * time, or -1. The documents of an index mostly give their keys in one order, so the parser is asked first whether
   * the next key is that one: it compares the key's bytes, with no lookup of the name in its symbol table, which took
   * a fifth of the converting thread's time.
   */
  private final int[] followers;
  private final int overflowPosition;

  /**
   * @param scopePrefix the path of this object relative to its scope, with a trailing dot; empty for a scope
   * @param overflowPosition the position of the record's own {@code _overflow} column, -1 if it is not a scope
   */
  RecordConverter(Schema schema, String scopePrefix, List<Column> columns, int overflowPosition) {
    this.schema = schema;
    this.scopePrefix = scopePrefix;
    this.columns = columns.toArray(new Column[0]);
    Map<String, Column> byName = new HashMap<>();
    for (Column column : columns) {
      byName.put(column.field().name(), column);
    }
    this.columnsByName = Map.copyOf(byName);
    this.keys = columns.stream().map(column -> new SerializedString(column.field().name()))
        .toArray(SerializedString[]::new);
    this.followers = new int[columns.size() + 1];
    Arrays.fill(followers, -1);
    this.overflowPosition = overflowPosition;
  }

  /** The column of a {@code _source} key of this object, or null. */
  Column column(String name) {
    return columnsByName.get(name);
  }

  @Override
  public Object convert(JsonNode value, Conversion conversion) {
    if (!value.isObject()) {
      throw RejectedValue.expected("an object", value);
    }
    GenericData.Record record = new GenericData.Record(schema);
    if (overflowPosition >= 0) {
      fillScope(record, value, conversion);
    } else {
      fill(record, value, conversion);
    }
    return record;
  }

  /**
   * Streams the object the parser is at (at its START_OBJECT) into a record, as {@link #convert} would convert its node;
   * {@link Column#NOT_STREAMED} where that needs the tree (see {@link #fillStreamed}).
   */
  Object stream(JsonParser parser, Conversion conversion) throws IOException {
    GenericData.Record record = new GenericData.Record(schema);
    return fillStreamed(record, parser, conversion) ? record : Column.NOT_STREAMED;
  }

  /**
   * Streams the properties of the object the parser is at (at its START_OBJECT) into the record's columns, with the
   * same result as {@link #fillScope} on its node, and returns true; or returns false, with the parser anywhere inside
   * the object, where the tree is needed: a key that is not a column of its own (dotted, or unmapped), a column given
   * twice (merged), or a value that goes to {@code _overflow}. No {@code _overflow} entry is ever made here.
   */
  boolean fillStreamed(GenericData.Record record, JsonParser parser, Conversion conversion) throws IOException {
    long givenMask = 0;
    boolean[] given = columns.length > Long.SIZE ? new boolean[columns.length] : null;
    int previous = -1;
    while (true) {
      int expected = followers[previous + 1];
      Column column;
      if (expected >= 0 && parser.nextFieldName(keys[expected])) {
        column = columns[expected];
      } else {
        JsonToken token = expected >= 0 ? parser.currentToken() : parser.nextToken();
        if (token != JsonToken.FIELD_NAME) {
          return true;
        }
        column = columnsByName.get(parser.currentName());
        if (column == null) {
          return false;
        }
        followers[previous + 1] = column.index(); // a hint: a race between threads only costs a later lookup
      }
      int index = column.index();
      if (given == null) {
        if ((givenMask & (1L << index)) != 0) {
          return false;
        }
        givenMask |= 1L << index;
      } else {
        if (given[index]) {
          return false;
        }
        given[index] = true;
      }
      previous = index;
      Object value = column.stream(parser, parser.nextToken(), conversion);
      if (value == Column.NOT_STREAMED) {
        return false;
      }
      if (value != null) {
        record.put(column.position(), value);
      }
    }
  }

  /** Fills a record that keeps its own {@code _overflow}. */
  void fillScope(GenericData.Record record, JsonNode object, Conversion conversion) {
    ObjectNode enclosing = conversion.startScope();
    boolean enclosingInList = conversion.inList;
    conversion.inList = false;
    try {
      fill(record, object, conversion);
    } finally {
      conversion.inList = enclosingInList;
      record.put(overflowPosition, conversion.endScope(enclosing));
    }
  }

  /** Puts the values of the object's properties into the record's mapped columns. */
  private void fill(GenericData.Record record, JsonNode object, Conversion conversion) {
    JsonNode[] valuesByColumn = gather(object, conversion);
    for (Column column : columns) {
      JsonNode value = valuesByColumn[column.index()];
      if (value != null) {
        record.put(column.position(), column.convert(value, conversion));
      }
    }
  }

  /**
   * The value each column gets from the object's properties, dotted and nested forms merged, indexed by {@link
   * Column#index()}; the properties that match no column go to {@code conversion}'s {@code _overflow} (if not null).
   */
  private JsonNode[] gather(JsonNode object, Conversion conversion) {
    JsonNode[] valuesByColumn = new JsonNode[columns.length];
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      String key = property.getKey();
      JsonNode value = property.getValue();
      Column column = columnsByName.get(key);
      if (column == null) {
        int dot = key.lastIndexOf('.');
        while (dot > 0 && (column = columnsByName.get(key.substring(0, dot))) == null) {
          dot = key.lastIndexOf('.', dot - 1);
        }
        if (column == null || !column.hasSubFields()) {
          if (conversion != null) {
            conversion.overflow(scopePrefix + key, value);
          }
          continue;
        }
        value = JsonMerge.wrap(key.substring(dot + 1), value);
      }
      JsonNode earlier = valuesByColumn[column.index()];
      valuesByColumn[column.index()] =
          earlier == null ? value : JsonMerge.merge(earlier, value, column.mergesObjects());
    }
    return valuesByColumn;
  }

  /**
   * Adds to {@code found} the paths of the columns (nested fields aside, which always are lists) that get two or more
   * values from {@code object}, as {@link ArrayDetector} reports them.
   */
  void detectArrays(JsonNode object, Set<String> found) {
    JsonNode[] valuesByColumn = gather(object, null);
    for (Column column : columns) {
      JsonNode value = valuesByColumn[column.index()];
      if (value == null || column.shape() == Column.Shape.WHOLE_VALUE) {
        continue;
      }
      List<JsonNode> values = new ArrayList<>();
      column.collectValues(value, values);
      if (values.size() >= 2 && column.field().kind() != ColumnKind.NESTED) {
        found.add(column.field().path());
      }
      if (column.converter() instanceof RecordConverter children) {
        for (JsonNode element : values) {
          if (element.isObject()) {
            children.detectArrays(element, found);
          }
        }
      }
    }
  }
}
