package org.esarchiver.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.http.ContentTooLongException;
import org.apache.http.HttpEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw JSON requests over the low-level REST client that elasticsearch-java's transport is built on, for the paths where
 * the typed client's per-hit deserialization would cost too much (scroll pages) or where the raw JSON is what we keep
 * (mappings). Idempotent requests are retried with exponential backoff on transient failures (429, 5xx, I/O), for a
 * bounded time ({@link RetryPolicy#retryFor}): long enough to ride out a node restart, then a failure naming the host.
 */
public final class ElasticsearchHttp {
  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchHttp.class);

  /** Reads a response body; the stream is closed by the caller. */
  @FunctionalInterface
  public interface BodyReader<T> {
    T read(InputStream body) throws IOException;
  }

  /** Reads a whole response body, {@code body[0, length)}. */
  @FunctionalInterface
  public interface BytesReader<T> {
    T read(byte[] body, int length) throws IOException;
  }

  private static final ObjectMapper ERROR_READER = new ObjectMapper();
  /** The largest search page accepted: see {@link #pageLimit}. */
  private static final int PAGE_LIMIT = pageLimit(Runtime.getRuntime().maxMemory());

  private final RestClient client;
  private final ObjectMapper json;
  private final RetryPolicy policy;
  private final int pageLimit;
  private final RequestOptions pageOptions;

  public ElasticsearchHttp(RestClient client, ObjectMapper json, RetryPolicy policy) {
    this(client, json, policy, PAGE_LIMIT);
  }

  ElasticsearchHttp(RestClient client, ObjectMapper json, RetryPolicy policy, int pageLimit) {
    this.client = client;
    this.json = json;
    this.policy = policy;
    this.pageLimit = pageLimit;
    this.pageOptions = RequestOptions.DEFAULT.toBuilder()
        .setHttpAsyncResponseConsumerFactory(new BufferedResponses(pageLimit)).build();
  }

  /**
   * Retry settings: transient failures are retried for {@code retryFor} at most (the waits between attempts add up to
   * no more than that), with exponential backoff from {@code initialBackoff} to {@code maxBackoff}, randomized by 30%
   * so that parallel slices do not retry in step.
   */
  public record RetryPolicy(Duration retryFor, Duration initialBackoff, Duration maxBackoff) {
    /** Backoff from 0.5 s to 30 s, for {@code retryFor} at most. */
    public static RetryPolicy within(Duration retryFor) {
      return new RetryPolicy(retryFor, Duration.ofMillis(500), Duration.ofSeconds(30));
    }
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
    return retried(method, endpoint, () -> requestOnce(method, endpoint, body, reader));
  }

  /** Whether a GET of the endpoint finds something: false on 404, retried like any request otherwise. */
  public boolean exists(String endpoint) {
    return retried("GET", endpoint, () -> {
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
  }

  /**
   * Runs {@code attempt} until it succeeds, fails for good, or the transient failures outlast the policy's
   * {@code retryFor}: then the failure names the host and the budget that ran out.
   */
  private <T> T retried(String method, String endpoint, CheckedSupplier<T> attempt) {
    long started = System.nanoTime();
    long deadline = started + policy.retryFor().toNanos();
    IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(), 2.0, 0.3,
        policy.maxBackoff());
    AtomicInteger attempts = new AtomicInteger();
    Retry retry = Retry.of("elasticsearch", RetryConfig.custom()
        .maxAttempts(Integer.MAX_VALUE)
        .intervalBiFunction((number, outcome) -> Math.min(backoff.apply(number), millisLeft(deadline)))
        .retryOnException(e -> isTransient(e) && millisLeft(deadline) > 0)
        .failAfterMaxAttempts(false)
        .build());
    retry.getEventPublisher().onRetry(event -> LOG.warn("Elasticsearch at {}: {} {} failed ({}), retry {} in {} ms",
        hostOf(event.getLastThrowable()), method, endpoint, describe(event.getLastThrowable()),
        event.getNumberOfRetryAttempts(), event.getWaitInterval().toMillis()));
    try {
      return retry.executeCheckedSupplier(() -> {
        attempts.incrementAndGet();
        return attempt.get();
      });
    } catch (SourceException e) {
      throw e;
    } catch (Throwable e) {
      String failure = method + " " + endpoint + " failed: " + describe(e);
      if (isTransient(e) && attempts.get() > 1) {
        throw new SourceException("Elasticsearch at " + hostOf(e) + " did not recover within "
            + policy.retryFor().toSeconds() + " s (elasticsearch.retry_for; " + attempts.get() + " attempts in "
            + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s): " + failure, e);
      }
      throw new SourceException(failure, e);
    }
  }

  private static long millisLeft(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  /** The node that answered, or, when none did (I/O), the configured ones. */
  private String hostOf(Throwable e) {
    if (e instanceof ResponseException re) {
      return re.getResponse().getHost().toURI();
    }
    return client.getNodes().stream().map(node -> node.getHost().toURI()).collect(Collectors.joining(", "));
  }

  /** A request that must not be repeated blindly (a scroll continuation): the caller decides what a failure means. */
  public <T> T requestOnce(String method, String endpoint, String body, BodyReader<T> reader) throws IOException {
    Response response = client.performRequest(request(method, endpoint, body));
    try (InputStream in = response.getEntity().getContent()) {
      return reader.read(in);
    }
  }

  /** A search page, an idempotent request retried like {@link #request}, whose body is read whole into one array. */
  public <T> T requestPage(String method, String endpoint, String body, BytesReader<T> reader) {
    return retried(method, endpoint, () -> requestPageOnce(method, endpoint, body, reader));
  }

  /**
   * The bytes a search page may take: a sixteenth of the heap, between 16 MB and the 100 MB of the client's default
   * consumer. A slice holds up to three pages at once (one arriving, one waiting, one being converted), and pages are
   * sized for 8 MB from the index's first documents: only later documents much larger than those reach the limit.
   */
  static int pageLimit(long maxHeapBytes) {
    return (int) Math.max(16L << 20, Math.min(100L << 20, maxHeapBytes / 16));
  }

  /**
   * A search page that must not be requested again blindly (a scroll continuation).
   *
   * @throws PageTooLargeException when the page's body comes to more than the limit (not a transient failure: the
   *     same request would fail again)
   */
  public <T> T requestPageOnce(String method, String endpoint, String body, BytesReader<T> reader) throws IOException {
    Request request = request(method, endpoint, body);
    request.setOptions(pageOptions);
    HttpEntity entity;
    try {
      entity = client.performRequest(request).getEntity();
    } catch (IOException e) {
      if (isTooLong(e)) {
        throw new PageTooLargeException(endpoint, pageLimit, e);
      }
      throw e;
    }
    if (entity instanceof BufferedResponses.Body whole) {
      return reader.read(whole.bytes(), whole.length());
    }
    try (InputStream in = entity.getContent()) { // a body the client decompressed
      byte[] bytes = in.readAllBytes();
      return reader.read(bytes, bytes.length);
    }
  }

  /** Whether the body was over the limit (the client wraps the consumer's exception in one of its own). */
  private static boolean isTooLong(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ContentTooLongException) {
        return true;
      }
    }
    return false;
  }

  private static Request request(String method, String endpoint, String body) {
    Request request = new Request(method, endpoint);
    if (body != null) {
      request.setJsonEntity(body);
    }
    return request;
  }

  static boolean isTransient(Throwable e) {
    if (e instanceof ResponseException re) {
      int status = re.getResponse().getStatusLine().getStatusCode();
      return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }
    return e instanceof IOException && !isTooLong(e);
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
