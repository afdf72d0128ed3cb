package org.esarchiver.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.avro.Schema;

/** Mapping and document fixtures, and small helpers shared by the tests of this package. */
final class ConvertFixtures {

  static final ObjectMapper JSON = new ObjectMapper();
  /** How a reader that keeps every digit parses {@code _source}: decimals as BigDecimal. */
  static final ObjectMapper EXACT_JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  static final String ACCESS_LOG_INDEX = "logs-2019.03.01";

  private ConvertFixtures() {}

  /** The {@code mappings} object of a recorded {@code GET /<index>/_mapping} response. */
  static JsonNode recordedMappings(String fixture) {
    JsonNode response = resource(fixture);
    return response.elements().next().get("mappings");
  }

  static JsonNode resource(String fixture) {
    return resource(fixture, JSON);
  }

  static JsonNode resource(String fixture, ObjectMapper mapper) {
    try (InputStream in = ConvertFixtures.class.getResourceAsStream("/fixtures/convert/" + fixture)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + fixture);
      }
      return mapper.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A mapping with the given {@code properties} JSON. */
  static JsonNode mappingWith(String propertiesJson) {
    return json("{\"properties\": " + propertiesJson + "}");
  }

  static ArchiveSchema schema(String propertiesJson, String... arrayFields) {
    return ArchiveSchema.fromMapping("test-index", mappingWith(propertiesJson), options(false, arrayFields));
  }

  static ConvertOptions options(boolean avroSafeNames, String... arrayFields) {
    return new ConvertOptions(Set.of(arrayFields), avroSafeNames);
  }

  static ArchiveSchema accessLogSchema() {
    return ArchiveSchema.fromMapping(
        ACCESS_LOG_INDEX, recordedMappings("access-logs.mapping.json"), options(false, "tags"));
  }

  /** The non-null branch of a nullable field's union. */
  static Schema valueType(Schema.Field field) {
    Schema schema = field.schema();
    return schema.getType() == Schema.Type.UNION ? schema.getTypes().get(1) : schema;
  }
}
