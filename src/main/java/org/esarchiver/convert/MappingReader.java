package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code properties} of an index mapping into the fields that get columns. Multi-fields ({@code fields}),
 * aliases and runtime fields have no value of their own in {@code _source}, so they get none; neither do objects with
 * {@code enabled: false} or without mapped sub-fields, whose values all go to {@code _overflow}. Pinned types replace
 * the mapped ones first.
 */
final class MappingReader {

  private final String index;
  private final Set<String> arrayFields;

  private MappingReader(String index, Set<String> arrayFields) {
    this.index = index;
    this.arrayFields = arrayFields;
  }

  /**
   * @param warnings receives a line for each pinned type that cannot be applied
   * @throws IllegalArgumentException if the mapping is malformed or uses a date format this archiver cannot parse
   */
  static List<MappedField> read(String index, JsonNode mappings, ConvertOptions options, List<String> warnings) {
    if (mappings == null || !mappings.isObject()) {
      throw new IllegalArgumentException("index " + index + ": the mappings must be a JSON object, got " + mappings);
    }
    MappingReader reader = new MappingReader(index, options.arrayFields());
    JsonNode properties = mappings.path("properties");
    if (!options.pinnedTypes().isEmpty()) {
      if (!properties.isMissingNode() && !properties.isNull() && !properties.isObject()) {
        throw reader.malformed("", "'properties' is not an object");
      }
      ObjectNode pinned = properties.isObject() ? ((ObjectNode) properties).deepCopy() : ConvertJson.NODES.objectNode();
      for (Map.Entry<String, String> pin : options.sortedPinnedTypes().entrySet()) {
        pin(pinned, pin.getKey(), pin.getKey(), pin.getValue(), warnings);
      }
      properties = pinned;
    }
    return reader.readProperties(properties, "");
  }

  /** Sets the type of {@code path} in {@code properties}, creating the field (and objects above it) if missing. */
  private static void pin(ObjectNode properties, String path, String fullPath, String type, List<String> warnings) {
    JsonNode existing = properties.get(path);
    if (existing instanceof ObjectNode definition) {
      definition.put("type", type);
      return;
    }
    for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
      JsonNode parent = properties.get(path.substring(0, dot));
      if (parent == null) {
        continue;
      }
      String parentType = parent.path("type").asText("object");
      boolean isObject =
          parent.isObject() && (parentType.equals("object") || parentType.equals("nested")
              || parentType.equals("passthrough"));
      if (!isObject || !parent.path("enabled").asBoolean(true)) {
        warnings.add(
            "pinned type of '" + fullPath + "' ignored: '" + path.substring(0, dot) + "' is mapped as "
                + (isObject ? "a disabled object" : parentType) + ", not an object with sub-fields");
        return;
      }
      pin(((ObjectNode) parent).withObjectProperty("properties"), path.substring(dot + 1), fullPath, type, warnings);
      return;
    }
    int dot = path.indexOf('.');
    if (dot < 0 || dot == path.length() - 1) {
      properties.putObject(path).put("type", type);
    } else {
      ObjectNode object = properties.putObject(path.substring(0, dot));
      pin(object.putObject("properties"), path.substring(dot + 1), fullPath, type, warnings);
    }
  }

  private List<MappedField> readProperties(JsonNode properties, String parentPath) {
    if (properties.isMissingNode() || properties.isNull()) {
      return List.of();
    }
    if (!properties.isObject()) {
      throw malformed(parentPath, "'properties' is not an object");
    }
    List<MappedField> fields = new ArrayList<>();
    for (Map.Entry<String, JsonNode> property : properties.properties()) {
      String path = parentPath.isEmpty() ? property.getKey() : parentPath + "." + property.getKey();
      JsonNode definition = property.getValue();
      if (!definition.isObject()) {
        throw malformed(path, "its definition is not an object");
      }
      String type = definition.path("type").asText("object");
      if (!type.equals("alias")) {
        MappedField field = readField(property.getKey(), path, type, definition);
        if (field != null) {
          fields.add(field);
        }
      }
    }
    return fields;
  }

  /** The field, or null if it gets no column (a disabled object, an object without sub-fields). */
  private MappedField readField(String name, String path, String type, JsonNode definition) {
    ColumnKind kind = ColumnKind.ofElasticsearchType(type);
    List<MappedField> children = List.of();
    if (kind == ColumnKind.OBJECT || kind == ColumnKind.NESTED) {
      // Disabled objects are not parsed by Elasticsearch at all, and an object without sub-fields would be an empty
      // Parquet group, which Parquet cannot write: both keep their values in _overflow.
      if (!definition.path("enabled").asBoolean(true)) {
        return null;
      }
      children = readProperties(definition.path("properties"), path);
      if (children.isEmpty()) {
        return null;
      }
    }
    boolean repeated = kind == ColumnKind.NESTED || (kind.mayRepeat() && arrayFields.contains(path));
    String format = null;
    String locale = null;
    if (ColumnKind.hasDateFormat(type)) {
      format = definition.path("format").asText(MappedField.defaultDateFormat(type));
      locale = definition.hasNonNull("locale") ? definition.get("locale").asText() : null;
    }
    try {
      return MappedField.of(name, path, type, kind, repeated, children, format, locale);
    } catch (IllegalArgumentException e) {
      throw malformed(path, e.getMessage());
    }
  }

  /** @param path the field whose mapping is wrong, empty for the top level */
  private IllegalArgumentException malformed(String path, String problem) {
    String where = path.isEmpty() ? "mapping" : "mapping of field '" + path + "'";
    return new IllegalArgumentException("index " + index + ", " + where + ": " + problem);
  }
}
