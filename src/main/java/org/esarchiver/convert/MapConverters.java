package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Object-valued fields whose keys are data, not mapped fields: flattened, sparse_vector, rank_features. */
final class MapConverters {

  static final ValueConverter FLOAT_MAP = MapConverters::floatMap;

  private MapConverters() {}

  /** {@code {"token": weight, ...}} to {@code map<string, float>}; every weight a number (or numeric string). */
  private static Object floatMap(JsonNode value, Conversion conversion) {
    if (!value.isObject()) {
      throw RejectedValue.expected("an object of numbers", value);
    }
    Map<String, Float> weights = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      JsonNode weight = entry.getValue();
      if (!weight.isNumber() && !weight.isTextual()) {
        throw RejectedValue.expected("an object of numbers", value);
      }
      float number = (float) ScalarConverters.decimalNumber(weight, "an object of numbers");
      if (!Float.isFinite(number)) {
        throw RejectedValue.expected("an object of finite float numbers", value);
      }
      weights.put(entry.getKey(), number);
    }
    return weights;
  }

  /**
   * A flattened object to {@code map<string, string>}: each leaf under its dotted key within the object ({@code
   * {"a": {"b": 1}}} and {@code {"a.b": 1}} are both {@code a.b -> "1"}), its value as text, as Elasticsearch indexes
   * flattened leaves as keywords. A key with two or more values (an array) cannot be one map value: it goes to {@code
   * _overflow} under the field's path and the key ({@code labels.release}), the other keys stay in the map. In a list
   * column no path addresses one element's key, so there the whole value goes to {@code _overflow}.
   */
  static final class Flattened implements ValueConverter {

    private final String scopePath;

    /** @param scopePath the field's path relative to the record that holds its {@code _overflow} */
    Flattened(String scopePath) {
      this.scopePath = scopePath;
    }

    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      if (!value.isObject()) {
        throw RejectedValue.expected("an object", value);
      }
      Map<String, JsonNode> rawByKey = new LinkedHashMap<>();
      collect(value, "", rawByKey);
      Map<String, String> leaves = new LinkedHashMap<>();
      List<Map.Entry<String, JsonNode>> multiValued = new ArrayList<>(0);
      for (Map.Entry<String, JsonNode> entry : rawByKey.entrySet()) {
        List<JsonNode> values = new ArrayList<>(1);
        scalars(entry.getValue(), values);
        if (values.size() == 1) {
          leaves.put(entry.getKey(), values.get(0).asText());
        } else if (values.size() > 1) {
          if (conversion.inList) {
            throw RejectedValue.expected("a flattened object with one value per key (in a list column)", value);
          }
          multiValued.add(entry);
        }
      }
      for (Map.Entry<String, JsonNode> entry : multiValued) {
        conversion.overflow(scopePath + "." + entry.getKey(), entry.getValue());
      }
      return leaves;
    }

    /** Gathers the raw values of each dotted key; arrays of scalars stay whole, as they appeared. */
    private static void collect(JsonNode object, String prefix, Map<String, JsonNode> rawByKey) {
      for (Map.Entry<String, JsonNode> entry : object.properties()) {
        String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
        add(key, entry.getValue(), rawByKey);
      }
    }

    private static void add(String key, JsonNode value, Map<String, JsonNode> rawByKey) {
      if (value.isObject()) {
        collect(value, key, rawByKey);
      } else if (value.isArray() && !isScalarArray(value)) {
        for (JsonNode element : value) {
          add(key, element, rawByKey);
        }
      } else {
        JsonNode earlier = rawByKey.get(key);
        rawByKey.put(key, earlier == null ? value : JsonMerge.merge(earlier, value, false));
      }
    }

    private static boolean isScalarArray(JsonNode array) {
      for (JsonNode element : array) {
        if (element.isContainerNode()) {
          return false;
        }
      }
      return true;
    }

    private static void scalars(JsonNode value, List<JsonNode> values) {
      if (value.isArray()) {
        for (JsonNode element : value) {
          scalars(element, values);
        }
      } else if (!value.isNull()) {
        values.add(value);
      }
    }
  }
}
