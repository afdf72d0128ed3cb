package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The hostile corpus: a recorded mapping with every field type and documents with every shape trouble (coerced,
 * malformed, unmapped, dotted, merged, arrays, nulls, empty objects, unicode), plus generated ones: 60 levels deep and
 * about 1 MB.
 */
final class HostileCorpus {

  static final String INDEX = "hostile-2024.05.17";
  static final int DEPTH = 60;
  static final Set<String> ARRAY_FIELDS = Set.of("tags", "ages", "comments.likes", "spot");

  private HostileCorpus() {}

  /** The recorded mapping with a 60-level object path {@code deep.l1.l2...l59} (leaf {@code value}) added. */
  static JsonNode mappings() {
    ObjectNode mappings = (ObjectNode) ConvertFixtures.recordedMappings("hostile.mapping.json").deepCopy();
    ObjectNode level = ((ObjectNode) mappings.get("properties")).putObject("deep");
    for (int depth = 1; depth < DEPTH; depth++) {
      ObjectNode properties = level.putObject("properties");
      properties.putObject("n" + depth).put("type", "integer");
      level = properties.putObject("l" + depth);
    }
    level.putObject("properties").putObject("value").put("type", "keyword");
    return mappings;
  }

  static ArchiveSchema schema(ConvertOptions options) {
    return ArchiveSchema.fromMapping(INDEX, mappings(), options);
  }

  static ArchiveSchema schema() {
    return schema(new ConvertOptions(ARRAY_FIELDS, false));
  }

  /** Recorded hits, then the generated ones: each {@code {"_id", "_source"}} and maybe {@code "_routing"}. */
  static List<JsonNode> hits() {
    return hits(ConvertFixtures.JSON);
  }

  /** @param mapper how {@code _source} is parsed: with doubles, or with every digit (BigDecimal) */
  static List<JsonNode> hits(ObjectMapper mapper) {
    List<JsonNode> hits = new ArrayList<>();
    ConvertFixtures.resource("hostile.documents.json", mapper).forEach(hits::add);
    hits.add(hit("deep-nested", deepDocument(false)));
    hits.add(hit("deep-dotted", deepDocument(true)));
    hits.add(hit("deep-unmapped", unmappedDeep()));
    hits.add(hit("one-megabyte", megabyte()));
    return hits;
  }

  private static JsonNode hit(String id, JsonNode source) {
    ObjectNode hit = ConvertFixtures.JSON.createObjectNode().put("_id", id);
    hit.set("_source", source);
    return hit;
  }

  /** Values at every level of {@code deep}, the leaf with an unmapped sibling, as objects or as one dotted key. */
  private static JsonNode deepDocument(boolean dotted) {
    ObjectNode source = ConvertFixtures.JSON.createObjectNode();
    if (dotted) {
      StringBuilder path = new StringBuilder("deep");
      for (int depth = 1; depth < DEPTH; depth++) {
        path.append(".l").append(depth);
      }
      source.put(path + ".value", "bottom");
      source.put(path + ".unmapped", "kept");
      source.put("deep.n1", "1");
      return source;
    }
    ObjectNode level = source.putObject("deep");
    for (int depth = 1; depth < DEPTH; depth++) {
      level.put("n" + depth, depth);
      level = level.putObject("l" + depth);
    }
    level.put("value", "bottom");
    level.put("unmapped", "kept");
    return source;
  }

  private static JsonNode unmappedDeep() {
    ObjectNode source = ConvertFixtures.JSON.createObjectNode().put("message", "deep unmapped");
    ObjectNode level = source.putObject("unmapped_deep");
    for (int depth = 0; depth < DEPTH + 10; depth++) {
      level.putArray("list").add(depth).addNull();
      level = level.putObject("next");
    }
    return source;
  }

  /** About 1 MB: a long message, 20 000 tags, a large unmapped array and a large nested field. */
  private static JsonNode megabyte() {
    ObjectNode source = ConvertFixtures.JSON.createObjectNode();
    source.put("message", "x".repeat(400_000) + "é😀");
    ArrayNode tags = source.putArray("tags");
    for (int i = 0; i < 20_000; i++) {
      tags.add("tag-" + i);
    }
    ArrayNode unmapped = source.putArray("big_unmapped");
    for (int i = 0; i < 20_000; i++) {
      unmapped.addObject().put("i", i).put("text", "value " + i);
    }
    ArrayNode comments = source.putArray("comments");
    for (int i = 0; i < 2_000; i++) {
      comments.addObject().put("author", "a" + i).put("likes", i);
    }
    return source;
  }
}
