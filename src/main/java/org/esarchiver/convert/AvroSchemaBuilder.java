package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Writes the Avro schema of an index as JSON text and parses it without name validation, the only way Avro 1.11 lets
 * fields keep Elasticsearch names such as {@code @timestamp} or {@code user-agent}. One builder per schema: it tracks
 * the record names in use.
 */
final class AvroSchemaBuilder {

  static final String NAMESPACE = "org.esarchiver.archive";
  static final String DOCUMENT_RECORD = "Document";
  static final String ES_NAME_PROPERTY = "es.name";
  static final String ES_TYPE_PROPERTY = "es.type";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final boolean safeNames;
  private final Set<String> recordNames = new HashSet<>();

  private AvroSchemaBuilder(boolean safeNames) {
    this.safeNames = safeNames;
  }

  static Schema build(List<MappedField> fields, boolean safeNames) {
    return new AvroSchemaBuilder(safeNames).document(fields);
  }

  private Schema document(List<MappedField> fields) {
    recordNames.add(DOCUMENT_RECORD);
    ObjectNode document = NODES.objectNode().put("type", "record").put("name", DOCUMENT_RECORD);
    document.put("namespace", NAMESPACE);
    ArrayNode columns = document.putArray("fields");
    columns.addObject().put("name", "_id").set("type", stringType());
    columns.addObject().put("name", "_index").set("type", stringType());
    addFields(columns, fields, MappingReader.METADATA_COLUMNS);
    return new Schema.Parser().setValidate(false).parse(document.toString());
  }

  private void addFields(ArrayNode columns, List<MappedField> fields, Set<String> takenNames) {
    List<String> esNames = fields.stream().map(MappedField::name).toList();
    List<String> names = safeNames ? SafeNames.unique(esNames, takenNames) : esNames;
    for (int i = 0; i < fields.size(); i++) {
      MappedField field = fields.get(i);
      ObjectNode column = columns.addObject();
      column.put("name", names.get(i));
      column.set("type", NODES.arrayNode().add("null").add(type(field)));
      column.putNull("default");
      column.put(ES_TYPE_PROPERTY, field.elasticsearchType());
      if (safeNames) {
        column.put(ES_NAME_PROPERTY, field.name());
      }
    }
  }

  private JsonNode type(MappedField field) {
    JsonNode valueType = valueType(field);
    if (!field.repeated()) {
      return valueType;
    }
    ObjectNode list = NODES.objectNode().put("type", "array");
    list.set("items", valueType);
    return list;
  }

  private JsonNode valueType(MappedField field) {
    return switch (field.kind()) {
      case STRING, UNSIGNED_LONG, JSON_TEXT -> stringType();
      case LONG -> TextNode.valueOf("long");
      case INT -> TextNode.valueOf("int");
      case FLOAT -> TextNode.valueOf("float");
      case DOUBLE -> TextNode.valueOf("double");
      case BOOLEAN -> TextNode.valueOf("boolean");
      case TIMESTAMP_MILLIS -> NODES.objectNode().put("type", "long").put("logicalType", "timestamp-millis");
      case TIMESTAMP_MICROS -> NODES.objectNode().put("type", "long").put("logicalType", "timestamp-micros");
      case GEO_POINT -> geoPoint(field.path());
      case OBJECT, NESTED -> {
        ObjectNode record = record(field.path());
        addFields(record.putArray("fields"), field.children(), Set.of());
        yield record;
      }
    };
  }

  private ObjectNode geoPoint(String path) {
    ObjectNode record = record(path);
    ArrayNode coordinates = record.putArray("fields");
    coordinates.addObject().put("name", "lat").put("type", "double");
    coordinates.addObject().put("name", "lon").put("type", "double");
    return record;
  }

  /** A record named after the field path, e.g. {@code Document_host_geo}: Avro requires record names to be unique. */
  private ObjectNode record(String path) {
    String base = SafeNames.of(DOCUMENT_RECORD + "_" + path);
    String name = base;
    for (int suffix = 2; !recordNames.add(name); suffix++) {
      name = base + "_" + suffix;
    }
    return NODES.objectNode().put("type", "record").put("name", name);
  }

  /** Avro's Java binding reads strings as {@link String} instead of {@code Utf8} with this property. */
  private static ObjectNode stringType() {
    return NODES.objectNode().put("type", "string").put("avro.java.string", "String");
  }
}
