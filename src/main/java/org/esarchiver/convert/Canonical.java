package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/** Values as comparable text for {@link SourceEquivalence}: content only, no incidental form. */
final class Canonical {

  private Canonical() {}

  /** JSON with sorted keys and numbers by value, so that only content is compared. */
  static String text(JsonNode value) {
    StringBuilder text = new StringBuilder();
    text(value, text);
    return text.toString();
  }

  private static void text(JsonNode value, StringBuilder text) {
    if (value.isObject()) {
      text.append('{');
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      value.properties().forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
      boolean first = true;
      for (Map.Entry<String, JsonNode> entry : sorted.entrySet()) {
        text.append(first ? "" : ",").append(TextNode.valueOf(entry.getKey())).append(':');
        text(entry.getValue(), text);
        first = false;
      }
      text.append('}');
    } else if (value.isArray()) {
      text.append('[');
      for (int i = 0; i < value.size(); i++) {
        text.append(i == 0 ? "" : ",");
        text(value.get(i), text);
      }
      text.append(']');
    } else if (value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue())) {
      text.append(TextNode.valueOf(value.asText())); // as JSON text holds it: Jackson writes it as a string
    } else if (value.isFloat()) { // as written: the shortest decimal of the float, not of the double it widens to
      text.append(new BigDecimal(Float.toString(value.floatValue())).stripTrailingZeros());
    } else if (value.isNumber()) {
      text.append(value.decimalValue().stripTrailingZeros());
    } else {
      text.append(value);
    }
  }

  /** Avro values as comparable text. */
  static String text(Object typed) {
    if (typed instanceof CharSequence text) {
      return TextNode.valueOf(text.toString()).toString();
    }
    if (typed instanceof GenericFixed fixed) {
      return new BigInteger(fixed.bytes()).toString();
    }
    if (typed instanceof ByteBuffer bytes) {
      ByteBuffer copy = bytes.duplicate();
      byte[] content = new byte[copy.remaining()];
      copy.get(content);
      return "0x" + HexFormat.of().formatHex(content);
    }
    if (typed instanceof IndexedRecord record) {
      StringBuilder text = new StringBuilder("{");
      for (int i = 0; i < record.getSchema().getFields().size(); i++) {
        text.append(i == 0 ? "" : ",").append(record.getSchema().getFields().get(i).name()).append('=');
        text.append(record.get(i) == null ? "null" : text(record.get(i)));
      }
      return text.append('}').toString();
    }
    if (typed instanceof List<?> list) {
      List<String> elements = new ArrayList<>(list.size());
      list.forEach(element -> elements.add(text(element)));
      return elements.toString();
    }
    if (typed instanceof Map<?, ?> map) {
      Map<String, String> sorted = new TreeMap<>();
      map.forEach((key, element) -> sorted.put(key.toString(), text(element)));
      return sorted.toString();
    }
    return typed.getClass().getSimpleName().charAt(0) + ":" + typed;
  }
}
