package org.esarchiver.source;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Bytes;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.elasticsearch.cat.indices.IndicesRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/** What the archiver needs to know about indices before reading them: which exist, their size, their mapping. */
public final class ElasticsearchCatalog {
  private final ElasticsearchClient client;
  private final ElasticsearchHttp http;

  public ElasticsearchCatalog(ElasticsearchClient client, ElasticsearchHttp http) {
    this.client = client;
    this.http = http;
  }

  /** Open and closed indices matching the patterns (hidden and system indices only when named), sorted by name. */
  public List<IndexInfo> indices(List<String> patterns) {
    try {
      List<IndicesRecord> records = client.cat().indices(r -> r
          .index(patterns)
          .expandWildcards(ExpandWildcard.Open, ExpandWildcard.Closed)
          .bytes(Bytes.Bytes)).valueBody();
      return records.stream()
          .map(ElasticsearchCatalog::toInfo)
          .sorted(Comparator.comparing(IndexInfo::name))
          .toList();
    } catch (ElasticsearchException e) {
      throw new SourceException("cannot list indices " + patterns + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new SourceException("cannot list indices " + patterns + ": " + ElasticsearchHttp.describe(e), e);
    }
  }

  /** Top-level documents (nested documents are not counted, unlike _cat/indices' docs.count). */
  public long countDocuments(String index) {
    return http.requestJson("GET", "/" + index + "/_count", null).path("count").asLong();
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

  /** Raises a clear error when the cluster cannot be reached (GET / is not available on every distribution). */
  public void ping(String hostsForMessages) {
    try {
      client.cluster().health(h -> h.timeout(t -> t.time("10s")));
    } catch (IOException | RuntimeException e) {
      throw new SourceException("cannot reach Elasticsearch at " + hostsForMessages + ": " + ElasticsearchHttp.describe(e), e);
    }
  }

  private static IndexInfo toInfo(IndicesRecord r) {
    return new IndexInfo(r.index(), r.health(), r.status(), parseLong(r.docsCount()), parseLong(r.priStoreSize()),
        (int) parseLong(r.pri()));
  }

  private static long parseLong(String value) {
    return value == null || value.isBlank() ? 0 : Long.parseLong(value.strip());
  }
}
