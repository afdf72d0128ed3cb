package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Writes the Avro schema of an index as JSON text and parses it without name validation, the only way Avro 1.11 lets
 * fields keep Elasticsearch names such as {@code @timestamp}, {@code user-agent} or {@code größe}. One builder per
 * schema: it tracks the named types in use.
 *
 * <p>Everything needed to read an archive back without its mapping is in field properties: {@code es.type} (the
 * effective Elasticsearch type), {@code es.name} (the Elasticsearch name where the column is renamed), {@code es.format}
 * and {@code es.locale} (of date fields) and {@code es.meta} (on the metadata columns: id, index, routing, overflow,
 * source).
 */
final class AvroSchemaBuilder {

  static final String NAMESPACE = "org.esarchiver.archive";
  static final String DOCUMENT_RECORD = "Document";
  static final String UNSIGNED_LONG_TYPE = "UnsignedLong";
  static final String ES_NAME_PROPERTY = "es.name";
  static final String ES_TYPE_PROPERTY = "es.type";
  static final String ES_FORMAT_PROPERTY = "es.format";
  static final String ES_LOCALE_PROPERTY = "es.locale";
  static final String ES_META_PROPERTY = "es.meta";

  static final String ID = "_id";
  static final String INDEX = "_index";
  static final String ROUTING = "_routing";
  static final String OVERFLOW = "_overflow";
  static final String SOURCE = "_source";
  /** Names no mapped field may take at the top level; a field of such a name gets a suffixed column name. */
  static final Set<String> DOCUMENT_METADATA = Set.of(ID, INDEX, ROUTING, OVERFLOW, SOURCE);
  /** The same within the records of a list of objects, which have an {@code _overflow} of their own. */
  static final Set<String> ELEMENT_METADATA = Set.of(OVERFLOW);

  /** Unsigned 64-bit integers need 20 decimal digits; 9 bytes of two's complement hold 21. */
  static final int UNSIGNED_LONG_BYTES = 9;

  private final boolean safeNames;
  private final Set<String> recordNames = new HashSet<>();
  private boolean unsignedLongDefined;

  private AvroSchemaBuilder(boolean safeNames) {
    this.safeNames = safeNames;
  }

  static Schema build(List<MappedField> fields, ConvertOptions options) {
    return new AvroSchemaBuilder(options.avroSafeNames()).document(fields, options.keepSource());
  }

  private Schema document(List<MappedField> fields, boolean keepSource) {
    recordNames.add(DOCUMENT_RECORD);
    ObjectNode document = ConvertJson.NODES.objectNode().put("type", "record").put("name", DOCUMENT_RECORD);
    document.put("namespace", NAMESPACE);
    ArrayNode columns = document.putArray("fields");
    columns.addObject().put("name", ID).put(ES_META_PROPERTY, "id").set("type", stringType());
    columns.addObject().put("name", INDEX).put(ES_META_PROPERTY, "index").set("type", stringType());
    nullableMetadata(columns, ROUTING, "routing");
    addFields(columns, fields, DOCUMENT_METADATA);
    nullableMetadata(columns, OVERFLOW, "overflow");
    if (keepSource) {
      nullableMetadata(columns, SOURCE, "source");
    }
    return new Schema.Parser().setValidate(false).parse(document.toString());
  }

  private static void nullableMetadata(ArrayNode columns, String name, String role) {
    ObjectNode column = columns.addObject().put("name", name);
    column.set("type", ConvertJson.NODES.arrayNode().add("null").add(stringType()));
    column.putNull("default");
    column.put(ES_META_PROPERTY, role);
  }

  private void addFields(ArrayNode columns, List<MappedField> fields, Set<String> takenNames) {
    List<String> esNames = fields.stream().map(MappedField::name).toList();
    List<String> names =
        safeNames ? SafeNames.unique(esNames, takenNames) : SafeNames.uniqueOriginal(esNames, takenNames);
    for (int i = 0; i < fields.size(); i++) {
      MappedField field = fields.get(i);
      ObjectNode column = columns.addObject();
      column.put("name", names.get(i));
      column.set("type", ConvertJson.NODES.arrayNode().add("null").add(type(field)));
      column.putNull("default");
      column.put(ES_TYPE_PROPERTY, field.elasticsearchType());
      if (safeNames || !names.get(i).equals(field.name())) {
        column.put(ES_NAME_PROPERTY, field.name());
      }
      if (field.dateFormat() != null) {
        column.put(ES_FORMAT_PROPERTY, field.dateFormat());
      }
      if (field.dateLocale() != null) {
        column.put(ES_LOCALE_PROPERTY, field.dateLocale());
      }
    }
  }

  private JsonNode type(MappedField field) {
    JsonNode valueType = valueType(field);
    return field.repeated() ? array(valueType) : valueType;
  }

  private JsonNode valueType(MappedField field) {
    return switch (field.kind()) {
      case STRING, GEO_TEXT, JSON_TEXT -> stringType();
      case LONG -> TextNode.valueOf("long");
      case INT -> TextNode.valueOf("int");
      case FLOAT -> TextNode.valueOf("float");
      case DOUBLE -> TextNode.valueOf("double");
      case BOOLEAN -> TextNode.valueOf("boolean");
      case BINARY -> TextNode.valueOf("bytes");
      case UNSIGNED_LONG -> unsignedLong();
      case TIMESTAMP_MILLIS -> timestamp("timestamp-millis");
      case TIMESTAMP_MICROS -> timestamp("timestamp-micros");
      case GEO_POINT -> {
        ObjectNode point = record(field.path());
        ArrayNode coordinates = point.putArray("fields");
        coordinates.addObject().put("name", "lat").put("type", "double");
        coordinates.addObject().put("name", "lon").put("type", "double");
        yield point;
      }
      case OBJECT, NESTED -> {
        ObjectNode record = record(field.path());
        ArrayNode fields = record.putArray("fields");
        if (field.isRecordList()) {
          addFields(fields, field.children(), ELEMENT_METADATA);
          nullableMetadata(fields, OVERFLOW, "overflow");
        } else {
          addFields(fields, field.children(), Set.of());
        }
        yield record;
      }
      case FLATTENED -> map(stringType());
      case FLOAT_MAP -> map(TextNode.valueOf("float"));
      case DENSE_VECTOR -> array(TextNode.valueOf("float"));
      case RANGE -> range(field);
      case HISTOGRAM -> {
        ObjectNode histogram = record(field.path());
        ArrayNode fields = histogram.putArray("fields");
        fields.addObject().put("name", "values").set("type", array(TextNode.valueOf("double")));
        fields.addObject().put("name", "counts").set("type", array(TextNode.valueOf("long")));
        yield histogram;
      }
      case AGGREGATE_METRIC -> {
        ObjectNode metrics = record(field.path());
        ArrayNode fields = metrics.putArray("fields");
        nullable(fields, "min", TextNode.valueOf("double"));
        nullable(fields, "max", TextNode.valueOf("double"));
        nullable(fields, "sum", TextNode.valueOf("double"));
        nullable(fields, "value_count", TextNode.valueOf("long"));
        yield metrics;
      }
      case JOIN -> {
        ObjectNode join = record(field.path());
        ArrayNode fields = join.putArray("fields");
        nullable(fields, "name", stringType());
        nullable(fields, "parent", stringType());
        yield join;
      }
    };
  }

  private ObjectNode range(MappedField field) {
    ObjectNode range = record(field.path());
    ArrayNode fields = range.putArray("fields");
    JsonNode bound =
        switch (ColumnKind.rangeBounds(field.elasticsearchType())) {
          case INT -> TextNode.valueOf("int");
          case LONG -> TextNode.valueOf("long");
          case FLOAT -> TextNode.valueOf("float");
          case DOUBLE -> TextNode.valueOf("double");
          case TIMESTAMP_MILLIS -> timestamp("timestamp-millis");
          default -> stringType();
        };
    for (String name : RangeConverter.BOUNDS) {
      nullable(fields, name, bound);
    }
    if (field.elasticsearchType().equals("ip_range")) {
      nullable(fields, RangeConverter.CIDR, stringType());
    }
    return range;
  }

  private static void nullable(ArrayNode fields, String name, JsonNode type) {
    ObjectNode field = fields.addObject().put("name", name);
    field.set("type", ConvertJson.NODES.arrayNode().add("null").add(type));
    field.putNull("default");
  }

  /** {@code decimal(20,0)} on a 9-byte fixed, defined at its first use and referenced by name afterwards. */
  private JsonNode unsignedLong() {
    if (unsignedLongDefined) {
      return TextNode.valueOf(NAMESPACE + "." + UNSIGNED_LONG_TYPE);
    }
    unsignedLongDefined = true;
    return ConvertJson.NODES
        .objectNode()
        .put("type", "fixed")
        .put("name", UNSIGNED_LONG_TYPE)
        .put("size", UNSIGNED_LONG_BYTES)
        .put("logicalType", "decimal")
        .put("precision", 20)
        .put("scale", 0);
  }

  private static ObjectNode timestamp(String logicalType) {
    return ConvertJson.NODES.objectNode().put("type", "long").put("logicalType", logicalType);
  }

  private static ObjectNode array(JsonNode items) {
    ObjectNode list = ConvertJson.NODES.objectNode().put("type", "array");
    list.set("items", items);
    return list;
  }

  /** String keys ({@code avro.java.string} makes Avro's Java binding read them as {@link String}). */
  private static ObjectNode map(JsonNode values) {
    ObjectNode map = ConvertJson.NODES.objectNode().put("type", "map");
    map.set("values", values);
    map.put("avro.java.string", "String");
    return map;
  }

  /** A record named after the field path, e.g. {@code Document_host_geo}: Avro requires record names to be unique. */
  private ObjectNode record(String path) {
    String base = SafeNames.of(DOCUMENT_RECORD + "_" + path);
    String name = base;
    for (int suffix = 2; !recordNames.add(name); suffix++) {
      name = base + "_" + suffix;
    }
    return ConvertJson.NODES.objectNode().put("type", "record").put("name", name);
  }

  /** Avro's Java binding reads strings as {@link String} instead of {@code Utf8} with this property. */
  private static ObjectNode stringType() {
    return ConvertJson.NODES.objectNode().put("type", "string").put("avro.java.string", "String");
  }
}
