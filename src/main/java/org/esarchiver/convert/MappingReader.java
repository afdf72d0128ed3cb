package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code properties} of an index mapping into the fields that get columns. Multi-fields ({@code fields}),
 * aliases and runtime fields have no value of their own in {@code _source}, so they get none.
 */
final class MappingReader {

  static final Set<String> METADATA_COLUMNS = Set.of("_id", "_index");
  private static final String DEFAULT_DATE_FORMAT = "strict_date_optional_time||epoch_millis";
  private static final String DEFAULT_DATE_NANOS_FORMAT = "strict_date_optional_time_nanos||epoch_millis";

  private final String index;
  private final Set<String> arrayFields;

  private MappingReader(String index, Set<String> arrayFields) {
    this.index = index;
    this.arrayFields = arrayFields;
  }

  /** @throws IllegalArgumentException if the mapping is malformed or uses a date format this archiver cannot parse */
  static List<MappedField> read(String index, JsonNode mappings, ConvertOptions options) {
    if (mappings == null || !mappings.isObject()) {
      throw new IllegalArgumentException("index " + index + ": the mappings must be a JSON object, got " + mappings);
    }
    MappingReader reader = new MappingReader(index, options.arrayFields());
    List<MappedField> fields = reader.readProperties(mappings.path("properties"), "");
    for (MappedField field : fields) {
      if (METADATA_COLUMNS.contains(field.name())) {
        throw new IllegalArgumentException(
            "index " + index + ": mapped field '" + field.name() + "' collides with the metadata column of that name");
      }
    }
    return fields;
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
        fields.add(readField(property.getKey(), path, type, definition));
      }
    }
    return fields;
  }

  private MappedField readField(String name, String path, String type, JsonNode definition) {
    ColumnKind kind = ColumnKind.ofElasticsearchType(type);
    List<MappedField> children = List.of();
    if (kind == ColumnKind.OBJECT || kind == ColumnKind.NESTED) {
      children = readProperties(definition.path("properties"), path);
      // Disabled objects are not parsed by Elasticsearch at all, and an object without sub-fields would be an empty
      // Parquet group, which Parquet cannot write: both keep their value as JSON text instead.
      if (!definition.path("enabled").asBoolean(true) || children.isEmpty()) {
        kind = ColumnKind.JSON_TEXT;
        children = List.of();
      }
    }
    boolean repeated = kind == ColumnKind.NESTED || arrayFields.contains(path);
    DateParser dateParser = kind.isTimestamp() ? dateParser(path, type, definition) : null;
    return new MappedField(name, path, type, kind, repeated, children, dateParser);
  }

  private DateParser dateParser(String path, String type, JsonNode definition) {
    String defaultFormat = type.equals("date_nanos") ? DEFAULT_DATE_NANOS_FORMAT : DEFAULT_DATE_FORMAT;
    String format = definition.path("format").asText(defaultFormat);
    Locale locale = Locale.ROOT;
    if (definition.hasNonNull("locale")) {
      try {
        locale = new Locale.Builder().setLanguageTag(definition.get("locale").asText().replace('_', '-')).build();
      } catch (IllformedLocaleException e) {
        throw malformed(path, "unknown locale '" + definition.get("locale").asText() + "'");
      }
    }
    try {
      return DateFormats.compile(format, locale);
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
