package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * An object (the document itself, an object field or the element of a nested field) to an Avro record. {@code _source}
 * keys are matched to mapped fields by name; a dotted key ({@code "host.geo.lat"}) that is not itself a field name is
 * split at the longest mapped prefix and handed, wrapped, to that field, so dotted and nested forms may mix.
 */
final class RecordConverter implements ValueConverter {

  private final Schema schema;
  private final String pathPrefix;
  private final List<Column> columns;
  private final Map<String, Column> columnsByName;

  /**
   * @param path the dotted path of the object, empty for the document
   * @param columnNames the Elasticsearch names of {@code columns}, in the same order
   */
  RecordConverter(Schema schema, String path, List<String> columnNames, List<Column> columns) {
    this.schema = schema;
    this.pathPrefix = path.isEmpty() ? "" : path + ".";
    this.columns = List.copyOf(columns);
    Map<String, Column> byName = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      byName.put(columnNames.get(i), columns.get(i));
    }
    this.columnsByName = Map.copyOf(byName);
  }

  @Override
  public Object convert(JsonNode value) {
    if (!value.isObject()) {
      throw RejectedValue.expected("an object", value);
    }
    GenericData.Record record = new GenericData.Record(schema);
    fill(record, value);
    return record;
  }

  /** Puts the values of the object's properties into the record's mapped columns. */
  void fill(GenericData.Record record, JsonNode object) {
    JsonNode[] valuesByColumn = new JsonNode[columns.size()];
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      gather(valuesByColumn, property.getKey(), property.getValue());
    }
    for (Column column : columns) {
      JsonNode value = valuesByColumn[column.index()];
      if (value != null) {
        record.put(column.position(), column.convert(value));
      }
    }
  }

  private void gather(JsonNode[] valuesByColumn, String key, JsonNode value) {
    Column column = columnsByName.get(key);
    if (column == null) {
      int dot = key.lastIndexOf('.');
      while (dot > 0 && (column = columnsByName.get(key.substring(0, dot))) == null) {
        dot = key.lastIndexOf('.', dot - 1);
      }
      if (column == null || !column.hasSubFields()) {
        throw RejectedValue.notMapped(pathPrefix + key);
      }
      value = JsonMerge.wrap(key.substring(dot + 1), value);
    }
    JsonNode earlier = valuesByColumn[column.index()];
    valuesByColumn[column.index()] = earlier == null ? value : JsonMerge.merge(earlier, value, column.mergesObjects());
  }
}
