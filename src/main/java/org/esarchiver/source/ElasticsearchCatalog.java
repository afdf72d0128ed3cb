package org.esarchiver.source;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the archiver needs to know about indices before reading them: which exist, their size, their mapping. */
public final class ElasticsearchCatalog {
  private final ElasticsearchClient client;
  private final ElasticsearchHttp http;

  public ElasticsearchCatalog(ElasticsearchClient client, ElasticsearchHttp http) {
    this.client = client;
    this.http = http;
  }

  /**
   * Every index of the cluster, open, closed, hidden and system, with creation date, size and document count, and
   * every alias and data stream: three requests (_resolve/index, _cat/indices, _alias), whatever the cluster's size.
   */
  public ClusterIndices snapshot() {
    JsonNode resolved = http.requestJson("GET", "/_resolve/index/*?expand_wildcards=all", null);
    JsonNode stats = http.requestJson("GET", "/_cat/indices?expand_wildcards=all&format=json&bytes=b"
        + "&h=index,health,status,docs.count,pri.store.size,pri,creation.date", null);
    JsonNode aliasDetails = http.requestJson("GET", "/_alias?expand_wildcards=all", null);
    Map<String, JsonNode> statsByName = new HashMap<>();
    stats.forEach(row -> statsByName.put(row.path("index").asText(), row));

    List<IndexInfo> indices = new ArrayList<>();
    for (JsonNode index : resolved.path("indices")) {
      String name = index.path("name").asText();
      Set<String> attributes = new HashSet<>();
      index.path("attributes").forEach(a -> attributes.add(a.asText()));
      List<String> aliases = new ArrayList<>();
      index.path("aliases").forEach(a -> aliases.add(a.asText()));
      JsonNode row = statsByName.getOrDefault(name, MissingNode.getInstance());
      String status = attributes.contains("closed") ? "close" : textOr(row.path("status"), "open");
      indices.add(new IndexInfo(name, textOr(row.path("health"), null), status, parseLong(row.path("docs.count")),
          parseLong(row.path("pri.store.size")), (int) parseLong(row.path("pri")),
          row.hasNonNull("creation.date") ? Optional.of(Instant.ofEpochMilli(parseLong(row.path("creation.date"))))
              : Optional.empty(),
          attributes.contains("hidden"), attributes.contains("system"),
          Optional.ofNullable(textOr(index.path("data_stream"), null)), aliases));
    }
    indices.sort(Comparator.comparing(IndexInfo::name));

    List<ClusterIndices.Alias> aliases = new ArrayList<>();
    for (JsonNode alias : resolved.path("aliases")) {
      String name = alias.path("name").asText();
      List<String> members = new ArrayList<>();
      alias.path("indices").forEach(i -> members.add(i.asText()));
      Optional<String> writeIndex = members.stream()
          .filter(member -> aliasDetails.path(member).path("aliases").path(name).path("is_write_index").asBoolean())
          .findFirst();
      aliases.add(new ClusterIndices.Alias(name, members, writeIndex));
    }
    List<ClusterIndices.DataStream> dataStreams = new ArrayList<>();
    for (JsonNode stream : resolved.path("data_streams")) {
      List<String> backing = new ArrayList<>();
      stream.path("backing_indices").forEach(i -> backing.add(i.asText()));
      dataStreams.add(new ClusterIndices.DataStream(stream.path("name").asText(), backing));
    }
    return new ClusterIndices(indices, aliases, dataStreams);
  }

  /**
   * The newest value of a date field in the index (a max aggregation), or empty when no document has one. A field
   * that is not a date is an error naming it.
   */
  public Optional<Instant> newestValue(String index, String field) {
    ObjectNode body = http.json().createObjectNode().put("size", 0).put("track_total_hits", false);
    body.putObject("aggs").putObject("newest").putObject("max").put("field", field);
    JsonNode newest = http.requestJson("POST", "/" + index + "/_search", body.toString())
        .path("aggregations").path("newest");
    if (!newest.hasNonNull("value")) {
      return Optional.empty();
    }
    if (!newest.hasNonNull("value_as_string")) {
      throw new SourceException("field " + field + " of " + index + " is not a date field");
    }
    return Optional.of(Instant.ofEpochMilli((long) newest.path("value").asDouble()));
  }

  /** Top-level documents (nested documents are not counted, unlike _cat/indices' docs.count). */
  public long countDocuments(String index) {
    return http.requestJson("GET", "/" + index + "/_count", null).path("count").asLong();
  }

  /**
   * The JSON size in bytes of the largest {@code _source} among the first {@code documents} documents of the index (0
   * for an empty index): what pages are sized by, so that a page of large documents stays a few megabytes.
   */
  public long largestSourceBytes(String index, int documents) {
    String query = "{\"size\":" + documents + ",\"sort\":[\"_doc\"],\"track_total_hits\":false}";
    return http.request("POST", "/" + index + "/_search", query, body -> {
      long largest = 0;
      try (JsonParser parser = http.json().getFactory().createParser(body)) {
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
          if (token == JsonToken.FIELD_NAME && parser.currentName().equals("_source")) {
            parser.nextToken();
            long start = parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            largest = Math.max(largest, parser.currentLocation().getByteOffset() - start);
          }
        }
      }
      return largest;
    });
  }

  /** The index's "mappings" object, as Elasticsearch returns it. */
  public JsonNode mapping(String index) {
    JsonNode response = http.requestJson("GET", "/" + index + "/_mapping", null);
    JsonNode mappings = response.path(index).path("mappings");
    if (mappings.isMissingNode()) {
      throw new SourceException("GET /" + index + "/_mapping returned no mapping for " + index);
    }
    return mappings;
  }

  private static String textOr(JsonNode node, String fallback) {
    return node.isTextual() && !node.asText().isBlank() ? node.asText() : fallback;
  }

  private static long parseLong(JsonNode value) {
    String text = textOr(value, null);
    try {
      return text == null ? 0 : Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
