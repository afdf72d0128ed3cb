package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Combines the values that several {@code _source} keys give one field, as Elasticsearch does when it expands dotted
 * keys: {@code {"host": {"name": "a"}, "host.ip": "10.0.0.1"}} is one host object, and two values for one leaf are a
 * multi-valued field. Builds new nodes; the document itself is never modified.
 */
final class JsonMerge {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonMerge() {}

  /** {@code {"rest.of.key": value}}: the value of key {@code "prefix.rest.of.key"} as field {@code prefix} sees it. */
  static ObjectNode wrap(String key, JsonNode value) {
    ObjectNode object = NODES.objectNode();
    object.set(key, value);
    return object;
  }

  /**
   * @param mergeObjects whether two objects become one (an object field) or stay two values (a nested field, where
   *     each object is its own nested document)
   */
  static JsonNode merge(JsonNode first, JsonNode second, boolean mergeObjects) {
    if (first.isNull()) {
      return second;
    }
    if (second.isNull()) {
      return first;
    }
    if (mergeObjects && first.isObject() && second.isObject()) {
      ObjectNode merged = NODES.objectNode();
      merged.setAll((ObjectNode) first);
      for (Map.Entry<String, JsonNode> property : second.properties()) {
        JsonNode existing = merged.get(property.getKey());
        merged.set(
            property.getKey(), existing == null ? property.getValue() : merge(existing, property.getValue(), true));
      }
      return merged;
    }
    ArrayNode values = NODES.arrayNode();
    addValues(values, first);
    addValues(values, second);
    return values;
  }

  private static void addValues(ArrayNode values, JsonNode value) {
    if (value.isArray()) {
      values.addAll((ArrayNode) value);
    } else {
      values.add(value);
    }
  }
}
