package org.esarchiver.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * Loads a week of realistic web access-log indices (logs-yyyy.MM.dd, a few thousand documents a day) for the demo.
 * Deterministic per day, and idempotent: an index that already holds its documents is left alone.
 *
 * <p>Usage: DemoData ES_URL [DAYS]
 */
public final class DemoData {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter INDEX_DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd");
  private static final String MAPPING = """
      {"properties": {
        "@timestamp": {"type": "date"},
        "message": {"type": "text"},
        "client": {"properties": {"ip": {"type": "ip"}, "geo": {"properties": {
          "country_iso_code": {"type": "keyword"}, "location": {"type": "geo_point"}}}}},
        "http": {"properties": {
          "request": {"properties": {"method": {"type": "keyword"}, "referrer": {"type": "keyword"}}},
          "response": {"properties": {"status_code": {"type": "short"}, "bytes": {"type": "long"}}}}},
        "url": {"properties": {"path": {"type": "keyword"}, "query": {"type": "keyword"}}},
        "user_agent": {"properties": {"original": {"type": "keyword", "fields": {"text": {"type": "text"}}}}},
        "event": {"properties": {"duration_ms": {"type": "float"}, "dataset": {"type": "keyword"}}},
        "host": {"properties": {"name": {"type": "keyword"}}},
        "tags": {"type": "keyword"}
      }}""";
  private static final String[] PATHS = {"/", "/index.html", "/api/v1/orders", "/api/v1/users", "/static/app.js",
      "/static/style.css", "/login", "/search", "/cart", "/checkout"};
  private static final String[] METHODS = {"GET", "GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final int[] STATUSES = {200, 200, 200, 200, 200, 304, 301, 404, 403, 500, 503};
  private static final String[] AGENTS = {
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1",
      "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0", "curl/8.5.0",
      "Googlebot/2.1 (+http://www.google.com/bot.html)"};
  private static final String[][] PLACES = {{"US", "37.77", "-122.42"}, {"DE", "52.52", "13.40"},
      {"FR", "48.86", "2.35"}, {"BR", "-23.55", "-46.63"}, {"JP", "35.68", "139.69"}, {"IN", "19.08", "72.88"}};

  private DemoData() {}

  public static void main(String[] args) throws IOException {
    String url = args[0];
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    try (RestClient es = RestClient.builder(HttpHost.create(url)).build()) {
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      for (int age = days - 1; age >= 0; age--) {
        LocalDate day = today.minusDays(age);
        load(es, "logs-" + day.format(INDEX_DATE), day);
      }
    }
  }

  private static void load(RestClient es, String index, LocalDate day) throws IOException {
    Random random = new Random(day.toEpochDay());
    int documents = 2000 + random.nextInt(3000);
    if (existingCount(es, index) == documents) {
      System.out.printf("  %s: %,d documents (already loaded)%n", index, documents);
      return;
    }
    es.performRequest(new Request("DELETE", "/" + index + "?ignore_unavailable=true"));
    Request create = new Request("PUT", "/" + index);
    create.setJsonEntity("{\"settings\":{\"number_of_shards\":2,\"number_of_replicas\":0},\"mappings\":" + MAPPING + "}");
    es.performRequest(create);
    StringBuilder bulk = new StringBuilder();
    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    for (int i = 0; i < documents; i++) {
      bulk.append("{\"index\":{}}\n").append(accessLog(random, start.plusMillis((long) i * 86_400_000L / documents)))
          .append('\n');
      if (bulk.length() > 2_000_000 || i == documents - 1) {
        Request request = new Request("POST", "/" + index + "/_bulk");
        request.setJsonEntity(bulk.toString());
        JsonNode response = JSON.readTree(es.performRequest(request).getEntity().getContent());
        if (response.path("errors").asBoolean()) {
          throw new IllegalStateException("bulk load of " + index + " failed: " + response);
        }
        bulk.setLength(0);
      }
    }
    es.performRequest(new Request("POST", "/" + index + "/_refresh"));
    System.out.printf("  %s: %,d documents loaded%n", index, documents);
  }

  private static long existingCount(RestClient es, String index) throws IOException {
    try {
      return JSON.readTree(es.performRequest(new Request("GET", "/" + index + "/_count")).getEntity().getContent())
          .path("count").asLong();
    } catch (ResponseException e) {
      return -1;
    }
  }

  private static String accessLog(Random random, Instant time) {
    String method = METHODS[random.nextInt(METHODS.length)];
    String path = PATHS[random.nextInt(PATHS.length)];
    int status = STATUSES[random.nextInt(STATUSES.length)];
    long bytes = status == 304 ? 0 : 200 + random.nextInt(80_000);
    String ip = (random.nextInt(200) + 11) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
        + random.nextInt(256);
    String agent = AGENTS[random.nextInt(AGENTS.length)];
    String[] place = PLACES[random.nextInt(PLACES.length)];
    ObjectNode doc = JSON.createObjectNode();
    doc.put("@timestamp", time.toString());
    doc.put("message", ip + " - - [" + time + "] \"" + method + " " + path + " HTTP/1.1\" " + status + " " + bytes);
    ObjectNode client = doc.putObject("client").put("ip", ip);
    client.putObject("geo").put("country_iso_code", place[0])
        .putObject("location").put("lat", Double.parseDouble(place[1])).put("lon", Double.parseDouble(place[2]));
    ObjectNode http = doc.putObject("http");
    http.putObject("request").put("method", method).put("referrer", random.nextInt(3) == 0 ? "https://example.com/" : "-");
    http.putObject("response").put("status_code", status).put("bytes", bytes);
    ObjectNode url = doc.putObject("url").put("path", path);
    if (path.equals("/search")) {
      url.put("query", "q=item" + random.nextInt(500));
    }
    doc.putObject("user_agent").put("original", agent);
    doc.putObject("event").put("duration_ms", Math.round(random.nextDouble() * 250_000) / 100.0f)
        .put("dataset", "nginx.access");
    doc.putObject("host").put("name", "web-" + (1 + random.nextInt(3)));
    if (status >= 500) {
      doc.putArray("tags").add("error").add("alert");
    } else if (agent.contains("bot")) {
      doc.put("tags", "bot");
    }
    return doc.toString();
  }
}
