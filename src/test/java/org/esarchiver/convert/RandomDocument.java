package org.esarchiver.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;

/**
 * A random document for a mapping: each mapped field with probability {@code presence}, with a value of its type
 * mostly, and, with probability {@code odd} per value, something else: another JSON type, an array, a huge or
 * exponent number, a dotted or unmapped key, a key given twice.
 */
record RandomDocument(Random random, double presence, double odd) {

  private static final JsonFactory JSON = new JsonFactory();

  byte[] of(JsonNode mapping) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      object(out, mapping.path("properties"), 0);
    }
    return bytes.toByteArray();
  }

  private void object(JsonGenerator out, JsonNode properties, int depth) throws IOException {
    out.writeStartObject();
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      if (random.nextDouble() >= presence) {
        continue;
      }
      JsonNode field = property.getValue();
      if (oddly() && field.has("properties") && field.get("properties").size() > 0) {
        Map.Entry<String, JsonNode> child = field.get("properties").fields().next();
        out.writeFieldName(property.getKey() + "." + child.getKey());
        value(out, child.getValue(), depth + 1);
        continue;
      }
      out.writeFieldName(property.getKey());
      value(out, field, depth + 1);
      if (oddly() && random.nextInt(4) == 0) {
        out.writeFieldName(property.getKey());
        value(out, field, depth + 1);
      }
    }
    if (oddly() && random.nextInt(3) == 0) {
      out.writeFieldName("unmapped_" + random.nextInt(3));
      anything(out, depth + 1);
    }
    out.writeEndObject();
  }

  private void value(JsonGenerator out, JsonNode field, int depth) throws IOException {
    if (depth > 6 || oddly()) {
      anything(out, depth);
      return;
    }
    String type = field.path("type").asText(field.has("properties") ? "object" : "keyword");
    switch (type) {
      case "object" -> object(out, field.path("properties"), depth);
      case "nested" -> {
        out.writeStartArray();
        for (int i = random.nextInt(3); i > 0; i--) {
          object(out, field.path("properties"), depth);
        }
        out.writeEndArray();
      }
      case "long", "integer", "short", "byte", "unsigned_long" -> out.writeNumber(random.nextInt(100));
      case "float", "double", "half_float", "scaled_float" -> out.writeNumber(random.nextInt(100_000) / 100.0);
      case "boolean" -> out.writeBoolean(random.nextBoolean());
      case "date", "date_nanos" -> out.writeString("2024-05-0" + (1 + random.nextInt(9)) + "T10:15:30."
          + random.nextInt(1000) + "Z");
      case "geo_point" -> {
        out.writeStartObject();
        out.writeNumberField("lat", random.nextInt(180) - 90.5);
        out.writeNumberField("lon", random.nextInt(360) - 180.25);
        out.writeEndObject();
      }
      case "ip" -> out.writeString("10.0." + random.nextInt(256) + "." + random.nextInt(256));
      case "flattened" -> {
        out.writeStartObject();
        out.writeStringField("k" + random.nextInt(3), "v");
        out.writeFieldName("k" + random.nextInt(3));
        anything(out, depth + 1);
        out.writeEndObject();
      }
      default -> {
        if (random.nextBoolean()) {
          out.writeStartArray();
          out.writeString("t" + random.nextInt(10));
          out.writeString("u" + random.nextInt(10));
          out.writeEndArray();
        } else {
          out.writeString("s" + random.nextInt(1000));
        }
      }
    }
  }

  private void anything(JsonGenerator out, int depth) throws IOException {
    switch (random.nextInt(depth > 6 ? 14 : 17)) {
      case 0 -> out.writeNull();
      case 1 -> out.writeBoolean(random.nextBoolean());
      case 2 -> out.writeString(random.nextBoolean() ? "true" : "");
      case 3 -> out.writeString(String.valueOf(random.nextInt(70_000) - 35_000));
      case 4 -> out.writeNumber(random.nextLong());
      case 5 -> out.writeNumber(new java.math.BigInteger("123456789012345678901234567890"));
      case 6 -> out.writeNumber(random.nextInt(1000) + 0.5);
      case 7 -> out.writeNumber(new java.math.BigDecimal("1e400"));
      case 8 -> out.writeNumber(new java.math.BigDecimal("0.1000000000000000000001"));
      case 9 -> out.writeNumber(3.0);
      case 10 -> out.writeString("2024-05-01T10:15:30.123456789Z");
      case 11 -> out.writeString("\ud800 lone");
      case 12 -> out.writeNumber(random.nextInt());
      case 13 -> out.writeString("41.1,-71.3");
      case 14 -> {
        out.writeStartArray();
        for (int i = random.nextInt(4); i > 0; i--) {
          anything(out, depth + 1);
        }
        out.writeEndArray();
      }
      case 15 -> {
        out.writeStartArray();
        out.writeNumber(-71.3);
        out.writeNumber(41.1);
        out.writeEndArray();
      }
      default -> {
        out.writeStartObject();
        out.writeFieldName(random.nextBoolean() ? "lat" : "k" + random.nextInt(3));
        anything(out, depth + 1);
        out.writeEndObject();
      }
    }
  }

  private boolean oddly() {
    return random.nextDouble() < odd;
  }
}
