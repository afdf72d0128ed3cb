package org.esarchiver.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import org.apache.http.ContentTooLongException;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Response bodies read whole into one array, over real HTTP: chunked bodies (as Elasticsearch sends search pages) of
 * sizes below, at and far above the size of the previous body, bodies with a length, and bodies over the limit.
 */
class BufferedResponsesTest {
  private HttpServer server;
  private RestClient client;
  private volatile byte[] next;
  private volatile boolean chunked;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = next;
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, chunked ? 0 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        for (int from = 0; from < body.length; from += 7_000) { // several writes, so several chunks
          out.write(body, from, Math.min(7_000, body.length - from));
        }
      }
    });
    server.start();
    client = RestClient.builder(new HttpHost("127.0.0.1", server.getAddress().getPort())).build();
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    server.stop(0);
  }

  @Test
  void chunkedBodiesOfAnySizeArriveWholeAndExact() throws IOException {
    BufferedResponses buffers = new BufferedResponses(100 << 20);
    chunked = true;
    for (int size : new int[] {0, 1, 10_000, 10_000, 9_000, 11_500, 3_000_000, 100, 3_000_000}) {
      byte[] body = bytes(size);
      assertThat(get(buffers, body)).as("a chunked body of %d bytes", size).isEqualTo(body);
    }
  }

  @Test
  void bodiesWithALengthArriveWholeAndExact() throws IOException {
    BufferedResponses buffers = new BufferedResponses(100 << 20);
    chunked = false;
    for (int size : new int[] {1, 50_000, 2_000_000}) {
      byte[] body = bytes(size);
      assertThat(get(buffers, body)).as("a body of %d bytes", size).isEqualTo(body);
    }
  }

  @Test
  void aBodyOverTheLimitFailsWithTheLimitInTheMessage() {
    BufferedResponses buffers = new BufferedResponses(20_000);
    for (boolean isChunked : new boolean[] {true, false}) {
      chunked = isChunked;
      assertThatThrownBy(() -> get(buffers, bytes(20_001)))
          .hasRootCauseInstanceOf(ContentTooLongException.class)
          .hasMessageContaining("buffer limit [20000]");
    }
  }

  private byte[] get(BufferedResponses buffers, byte[] body) throws IOException {
    next = body;
    Request request = new Request("GET", "/page");
    request.setOptions(RequestOptions.DEFAULT.toBuilder().setHttpAsyncResponseConsumerFactory(buffers));
    if (!(client.performRequest(request).getEntity() instanceof BufferedResponses.Body whole)) {
      return null;
    }
    return Arrays.copyOf(whole.bytes(), whole.length());
  }

  private static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
