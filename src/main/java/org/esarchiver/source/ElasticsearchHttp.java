package org.esarchiver.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw JSON requests over the low-level REST client that elasticsearch-java's transport is built on, for the paths where
 * the typed client's per-hit deserialization would cost too much (scroll pages) or where the raw JSON is what we keep
 * (mappings). Idempotent requests are retried with exponential backoff on transient failures (429, 5xx, I/O).
 */
public final class ElasticsearchHttp {
  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchHttp.class);

  /** Reads a response body; the stream is closed by the caller. */
  @FunctionalInterface
  public interface BodyReader<T> {
    T read(InputStream body) throws IOException;
  }

  private static final ObjectMapper ERROR_READER = new ObjectMapper();

  private final RestClient client;
  private final ObjectMapper json;
  private final Retry retry;

  public ElasticsearchHttp(RestClient client, ObjectMapper json, RetryPolicy policy) {
    this.client = client;
    this.json = json;
    this.retry = Retry.of("elasticsearch", RetryConfig.custom()
        .maxAttempts(policy.maxAttempts())
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
            policy.initialBackoff(), 2.0, 0.3, policy.maxBackoff()))
        .retryOnException(ElasticsearchHttp::isTransient)
        .failAfterMaxAttempts(false)
        .build());
    retry.getEventPublisher().onRetry(event -> LOG.warn("Elasticsearch request failed ({}), retry {} in {} ms",
        describe(event.getLastThrowable()), event.getNumberOfRetryAttempts(), event.getWaitInterval().toMillis()));
  }

  /** Retry settings: attempts in all, first and largest backoff. */
  public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  public ObjectMapper json() {
    return json;
  }

  /** An idempotent request, retried on transient failures, whose JSON answer is read as a tree. */
  public JsonNode requestJson(String method, String endpoint, String body) {
    return request(method, endpoint, body, json::readTree);
  }

  /** An idempotent request, retried on transient failures. */
  public <T> T request(String method, String endpoint, String body, BodyReader<T> reader) {
    try {
      return retry.executeCheckedSupplier(() -> requestOnce(method, endpoint, body, reader));
    } catch (SourceException e) {
      throw e;
    } catch (Throwable e) {
      throw new SourceException(method + " " + endpoint + " failed: " + describe(e), e);
    }
  }

  /** Whether a GET of the endpoint finds something: false on 404, retried like any request otherwise. */
  public boolean exists(String endpoint) {
    try {
      return retry.executeCheckedSupplier(() -> {
        try {
          requestOnce("GET", endpoint, null, in -> null);
          return true;
        } catch (ResponseException e) {
          if (statusOf(e) == 404) {
            return false;
          }
          throw e;
        }
      });
    } catch (Throwable e) {
      throw new SourceException("GET " + endpoint + " failed: " + describe(e), e);
    }
  }

  /** A request that must not be repeated blindly (a scroll continuation): the caller decides what a failure means. */
  public <T> T requestOnce(String method, String endpoint, String body, BodyReader<T> reader) throws IOException {
    Request request = new Request(method, endpoint);
    if (body != null) {
      request.setJsonEntity(body);
    }
    Response response = client.performRequest(request);
    try (InputStream in = response.getEntity().getContent()) {
      return reader.read(in);
    }
  }

  static boolean isTransient(Throwable e) {
    if (e instanceof ResponseException re) {
      int status = re.getResponse().getStatusLine().getStatusCode();
      return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }
    return e instanceof IOException;
  }

  static int statusOf(Throwable e) {
    return e instanceof ResponseException re ? re.getResponse().getStatusLine().getStatusCode() : -1;
  }

  /** One line for a failure: the HTTP status and Elasticsearch's error reason, or the I/O error. */
  public static String describe(Throwable e) {
    if (e instanceof ResponseException re) {
      String reason = re.getMessage();
      int newline = reason.indexOf('\n');
      String body = newline >= 0 ? reason.substring(newline + 1).strip() : "";
      return "HTTP " + statusOf(e) + (body.isEmpty() ? "" : ": " + errorReason(body));
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Elasticsearch's first root cause, "type: reason", or the start of the body when it is not an error object. */
  private static String errorReason(String body) {
    try {
      JsonNode error = ERROR_READER.readTree(body).path("error");
      JsonNode cause = error.path("root_cause").path(0);
      JsonNode source = cause.isMissingNode() ? error : cause;
      if (source.hasNonNull("type")) {
        return source.path("type").asText() + ": " + source.path("reason").asText();
      }
    } catch (IOException | RuntimeException notJson) {
      // fall through to the raw body
    }
    return abbreviate(body, 300);
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }
}
