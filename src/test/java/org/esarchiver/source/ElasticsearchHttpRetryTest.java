package org.esarchiver.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The retry budget of idempotent requests, against an HTTP server that answers like an overloaded Elasticsearch (the
 * integration tests ElasticsearchFaultsIT do the same against a real node): transient answers are retried with
 * backoff, the waits never exceed {@code retry_for}, and the final failure names the host and the setting.
 */
class ElasticsearchHttpRetryTest {
  private static final String REJECTED = "{\"error\":{\"root_cause\":[{\"type\":\"es_rejected_execution_exception\","
      + "\"reason\":\"rejected execution of search\"}]},\"status\":429}";

  private HttpServer server;
  private RestClient client;

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void rejectionsForAWhileAreRetriedUntilTheAnswerComes() {
    AtomicInteger requests = new AtomicInteger();
    ElasticsearchHttp http = serve(requests, 3, Duration.ofSeconds(30));

    assertThat(http.requestJson("GET", "/logs/_count", null).path("count").asLong()).isEqualTo(42);
    assertThat(requests).as("three rejections, then the answer").hasValue(4);
  }

  @Test
  void rejectionsThatOutlastTheBudgetFailNamingTheHostAfterBoundedTime() {
    AtomicInteger requests = new AtomicInteger();
    ElasticsearchHttp http = serve(requests, Integer.MAX_VALUE, Duration.ofSeconds(2));
    long started = System.nanoTime();

    assertThatThrownBy(() -> http.requestJson("GET", "/logs/_count", null))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("Elasticsearch at http://127.0.0.1:" + server.getAddress().getPort()
            + " did not recover within 2 s (elasticsearch.retry_for;")
        .hasMessageContaining("GET /logs/_count failed: HTTP 429: es_rejected_execution_exception");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    assertThat(requests.get()).as("retried with backoff, not in a busy loop").isBetween(3, 8);
  }

  @Test
  void anUnreachableHostIsNamedWhenTheBudgetRunsOut() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    client = RestClient.builder(new HttpHost("127.0.0.1", port)).build();
    ElasticsearchHttp http = new ElasticsearchHttp(client, new ObjectMapper(),
        ElasticsearchHttp.RetryPolicy.within(Duration.ofSeconds(1)));

    assertThatThrownBy(() -> http.requestJson("GET", "/logs/_mapping", null))
        .hasMessageStartingWith("Elasticsearch at http://127.0.0.1:" + port + " did not recover within 1 s")
        .hasMessageContaining("GET /logs/_mapping failed: ConnectException");
  }

  @Test
  void aRequestErrorIsNotRetried() {
    AtomicInteger requests = new AtomicInteger();
    ElasticsearchHttp http = serve(requests, 0, Duration.ofSeconds(30));

    assertThatThrownBy(() -> http.requestJson("GET", "/missing/_count", null))
        .hasMessageStartingWith("GET /missing/_count failed: HTTP 404");
    assertThat(requests).hasValue(1);
  }

  @Test
  void aPageOverTheLimitIsNotRetriedAndSaysSo() {
    AtomicInteger requests = new AtomicInteger();
    serve(requests, 0, Duration.ofSeconds(30));
    ElasticsearchHttp http = new ElasticsearchHttp(client, new ObjectMapper(),
        ElasticsearchHttp.RetryPolicy.within(Duration.ofSeconds(30)), 20_000);

    assertThatThrownBy(() -> http.requestPage("POST", "/large/_search", "{}", (body, length) -> length))
        .isInstanceOf(PageTooLargeException.class)
        .hasMessageStartingWith("a search page from /large/_search came to more than ")
        .satisfies(e -> assertThat(((PageTooLargeException) e).limitBytes()).isEqualTo(20_000));
    assertThat(requests).as("not retried: the same page would be as large").hasValue(1);
    int within = http.requestPage("POST", "/logs/_search", "{}", (body, length) -> length);
    assertThat(within).as("a page within the limit").isEqualTo(12);
  }

  @Test
  void aPageMayTakeASixteenthOfTheHeapBetweenSixteenAndOneHundredMegabytes() {
    assertThat(ElasticsearchHttp.pageLimit(128L << 20)).isEqualTo(16 << 20);
    assertThat(ElasticsearchHttp.pageLimit(512L << 20)).isEqualTo(32 << 20);
    assertThat(ElasticsearchHttp.pageLimit(1L << 30)).isEqualTo(64 << 20);
    assertThat(ElasticsearchHttp.pageLimit(8L << 30)).isEqualTo(100 << 20);
  }

  /**
   * A server answering 429 to the first {@code rejections} requests, then a count (or 404 for /missing, or 30,000
   * bytes for /large).
   */
  private ElasticsearchHttp serve(AtomicInteger requests, int rejections, Duration retryFor) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", exchange -> {
      int number = requests.incrementAndGet();
      boolean missing = exchange.getRequestURI().getPath().startsWith("/missing");
      boolean large = exchange.getRequestURI().getPath().startsWith("/large");
      int status = missing ? 404 : number <= rejections ? 429 : 200;
      byte[] body = (missing ? "{\"error\":{\"type\":\"index_not_found_exception\",\"reason\":\"no such index\"}}"
          : status == 429 ? REJECTED : large ? "{\"n\":\"" + "x".repeat(30_000) + "\"}"
          : "{\"count\":42}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    client = RestClient.builder(new HttpHost("127.0.0.1", server.getAddress().getPort())).build();
    return new ElasticsearchHttp(client, new ObjectMapper(), ElasticsearchHttp.RetryPolicy.within(retryFor));
  }
}
