package org.esarchiver.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Random;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * The bench dataset: daily indices {@code bench-n<docs>-logs-yyyy.MM.dd} of realistic access-log documents (~15 fields,
 * ~650 bytes of JSON each), generated deterministically (seeded by the index's day), loaded once and force-merged to
 * one segment. The index's mapping {@code _meta} records the generator version, the document count and the total
 * {@code _source} bytes, so a later run reuses an index that matches and reloads one that does not.
 */
final class BenchData {
  static final int GENERATOR_VERSION = 2;
  static final LocalDate FIRST_DAY = LocalDate.of(2024, 5, 1);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String MAPPING = """
      "properties": {
        "@timestamp": {"type": "date"},
        "event": {"properties": {"created": {"type": "date"}, "duration_ms": {"type": "float"},
          "dataset": {"type": "keyword"}}},
        "message": {"type": "text"},
        "client": {"properties": {"ip": {"type": "ip"}, "geo": {"properties": {
          "country_iso_code": {"type": "keyword"}, "city_name": {"type": "keyword"},
          "location": {"type": "geo_point"}}}}},
        "http": {"properties": {
          "request": {"properties": {"method": {"type": "keyword"}, "referrer": {"type": "keyword"}}},
          "response": {"properties": {"status_code": {"type": "short"}, "bytes": {"type": "long"}}}}},
        "url": {"properties": {"path": {"type": "keyword"}, "query": {"type": "keyword"}}},
        "user_agent": {"properties": {"original": {"type": "keyword", "fields": {"text": {"type": "text"}}}}},
        "host": {"properties": {"name": {"type": "keyword"}, "ip": {"type": "ip"},
          "os": {"properties": {"name": {"type": "keyword"}}}}},
        "tags": {"type": "keyword"}
      }""";

  private static final String[] PATHS = {"/", "/index.html", "/api/v1/orders", "/api/v1/users", "/api/v1/items",
      "/static/app.js", "/static/style.css", "/login", "/search", "/cart", "/checkout", "/account/settings"};
  private static final String[] METHODS = {"GET", "GET", "GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final int[] STATUSES = {200, 200, 200, 200, 200, 200, 304, 301, 404, 403, 500, 503};
  private static final String[] AGENTS = {
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1",
      "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
      "curl/8.5.0", "Googlebot/2.1 (+http://www.google.com/bot.html)"};
  private static final String[][] PLACES = {{"US", "San Francisco", "37.77", "-122.42"}, {"DE", "Berlin", "52.52",
      "13.40"}, {"FR", "Paris", "48.86", "2.35"}, {"BR", "Sao Paulo", "-23.55", "-46.63"},
      {"JP", "Tokyo", "35.68", "139.69"}, {"IN", "Mumbai", "19.08", "72.88"}};
  private static final String[] REFERRERS = {"-", "-", "https://example.com/", "https://www.google.com/",
      "https://news.ycombinator.com/"};
  private static final String[] OS = {"Ubuntu 22.04", "Ubuntu 24.04", "Debian 12"};

  /** What is loaded: an index and its {@code _source} bytes (the sum of the documents' JSON lengths). */
  record Loaded(String index, long documents, long sourceBytes, long storeBytes) {}

  private BenchData() {}

  /** Day {@code i}'s index of a dataset of {@code docs} documents an index (sizes do not overwrite each other). */
  static String indexName(int docs, int i) {
    return prefix(docs) + FIRST_DAY.plusDays(i).toString().replace('-', '.');
  }

  static String prefix(int docs) {
    return "bench-n" + docs + "-logs-";
  }

  /** Makes sure {@code index} holds the dataset of {@code docs} documents; loads it if not. */
  static Loaded ensure(RestClient es, int i, int docs, int shards) throws IOException {
    String index = indexName(docs, i);
    JsonNode meta = meta(es, index);
    if (meta != null && meta.path("generator").asInt() == GENERATOR_VERSION && meta.path("docs").asLong() == docs
        && meta.path("shards").asInt() == shards && meta.path("loaded").asBoolean()
        && count(es, index) == docs) {
      System.out.printf(Locale.ROOT, "  %s: %,d documents (already loaded)%n", index, docs);
      return new Loaded(index, docs, meta.path("source_bytes").asLong(), storeBytes(es, index));
    }
    long start = System.nanoTime();
    es.performRequest(new Request("DELETE", "/" + index + "?ignore_unavailable=true"));
    Request create = new Request("PUT", "/" + index);
    create.setJsonEntity("{\"settings\":{\"number_of_shards\":" + shards + ",\"number_of_replicas\":0,"
        + "\"refresh_interval\":\"-1\"},\"mappings\":{\"_meta\":{\"generator\":" + GENERATOR_VERSION + ",\"docs\":"
        + docs + ",\"shards\":" + shards + ",\"loaded\":false}," + MAPPING + "}}");
    es.performRequest(create);
    LocalDate day = FIRST_DAY.plusDays(i);
    Random random = new Random(day.toEpochDay());
    Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    StringBuilder bulk = new StringBuilder(6_000_000);
    long sourceBytes = 0;
    for (int d = 0; d < docs; d++) {
      String doc = accessLog(random, dayStart.plusMillis((long) d * 86_400_000L / docs));
      sourceBytes += doc.getBytes(StandardCharsets.UTF_8).length;
      bulk.append("{\"index\":{}}\n").append(doc).append('\n');
      if (bulk.length() > 5_000_000 || d == docs - 1) {
        Request request = new Request("POST", "/" + index + "/_bulk?filter_path=errors,items.*.error");
        request.setJsonEntity(bulk.toString());
        JsonNode response = JSON.readTree(es.performRequest(request).getEntity().getContent());
        if (response.path("errors").asBoolean()) {
          throw new IllegalStateException("bulk load of " + index + " failed: " + response);
        }
        bulk.setLength(0);
      }
    }
    Request settings = new Request("PUT", "/" + index + "/_settings");
    settings.setJsonEntity("{\"index\":{\"refresh_interval\":null}}");
    es.performRequest(settings);
    es.performRequest(new Request("POST", "/" + index + "/_refresh"));
    es.performRequest(new Request("POST", "/" + index + "/_forcemerge?max_num_segments=1"));
    es.performRequest(new Request("POST", "/" + index + "/_refresh"));
    Request mapping = new Request("PUT", "/" + index + "/_mapping");
    mapping.setJsonEntity("{\"_meta\":{\"generator\":" + GENERATOR_VERSION + ",\"docs\":" + docs + ",\"shards\":"
        + shards + ",\"loaded\":true,\"source_bytes\":" + sourceBytes + "}}");
    es.performRequest(mapping);
    System.out.printf(Locale.ROOT, "  %s: %,d documents loaded and force-merged in %.1f s (%.0f bytes of JSON each)%n",
        index, docs, (System.nanoTime() - start) / 1e9, (double) sourceBytes / docs);
    return new Loaded(index, docs, sourceBytes, storeBytes(es, index));
  }

  private static JsonNode meta(RestClient es, String index) throws IOException {
    try {
      JsonNode r = JSON.readTree(es.performRequest(new Request("GET", "/" + index + "/_mapping")).getEntity()
          .getContent());
      JsonNode meta = r.path(index).path("mappings").path("_meta");
      return meta.isMissingNode() ? null : meta;
    } catch (ResponseException e) {
      return null;
    }
  }

  static long count(RestClient es, String index) throws IOException {
    try {
      return JSON.readTree(es.performRequest(new Request("GET", "/" + index + "/_count")).getEntity().getContent())
          .path("count").asLong();
    } catch (ResponseException e) {
      return -1;
    }
  }

  static long storeBytes(RestClient es, String index) throws IOException {
    JsonNode r = JSON.readTree(es.performRequest(new Request("GET", "/" + index + "/_stats/store")).getEntity()
        .getContent());
    return r.path("_all").path("primaries").path("store").path("size_in_bytes").asLong();
  }

  static String accessLog(Random random, Instant time) {
    String method = METHODS[random.nextInt(METHODS.length)];
    String path = PATHS[random.nextInt(PATHS.length)];
    int status = STATUSES[random.nextInt(STATUSES.length)];
    long bytes = status == 304 ? 0 : 200 + random.nextInt(80_000);
    String ip = (random.nextInt(200) + 11) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
        + random.nextInt(256);
    String agent = AGENTS[random.nextInt(AGENTS.length)];
    String[] place = PLACES[random.nextInt(PLACES.length)];
    int hostNo = 1 + random.nextInt(8);
    float duration = Math.round(random.nextDouble() * 250_000) / 100.0f;
    String referrer = REFERRERS[random.nextInt(REFERRERS.length)];
    String query = path.equals("/search") ? "q=item" + random.nextInt(5000) + "&page=" + (1 + random.nextInt(5))
        : null;
    StringBuilder sb = new StringBuilder(720);
    sb.append("{\"@timestamp\":\"").append(time).append("\",\"event\":{\"created\":\"")
        .append(time.plusMillis(random.nextInt(2000))).append("\",\"duration_ms\":").append(duration)
        .append(",\"dataset\":\"nginx.access\"},\"message\":\"").append(ip).append(" - - [").append(time)
        .append("] \\\"").append(method).append(' ').append(path).append(query == null ? "" : "?" + query)
        .append(" HTTP/1.1\\\" ").append(status).append(' ').append(bytes).append("\",\"client\":{\"ip\":\"")
        .append(ip).append("\",\"geo\":{\"country_iso_code\":\"")
        .append(place[0]).append("\",\"city_name\":\"").append(place[1]).append("\",\"location\":{\"lat\":")
        .append(place[2]).append(",\"lon\":").append(place[3]).append("}}},\"http\":{")
        .append("\"request\":{\"method\":\"").append(method).append("\",\"referrer\":\"").append(referrer)
        .append("\"},\"response\":{\"status_code\":").append(status).append(",\"bytes\":").append(bytes)
        .append("}},\"url\":{\"path\":\"").append(path).append('"');
    if (query != null) {
      sb.append(",\"query\":\"").append(query).append('"');
    }
    sb.append("},\"user_agent\":{\"original\":\"").append(agent).append("\"},\"host\":{\"name\":\"web-")
        .append(hostNo).append("\",\"ip\":\"10.0.0.").append(10 + hostNo).append("\",\"os\":{\"name\":\"")
        .append(OS[hostNo % OS.length]).append("\"}},\"tags\":[\"nginx\",\"")
        .append(place[0].toLowerCase(Locale.ROOT)).append('"');
    if (status >= 500) {
      sb.append(",\"error\"");
    }
    if (agent.contains("bot")) {
      sb.append(",\"bot\"");
    }
    sb.append("]}");
    return sb.toString();
  }
}
