package org.esarchiver.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.elasticsearch.client.ResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every document of one {@link ReadSlice} with a point in time of its own, sorted by {@code _shard_doc} and paged
 * with {@code search_after}: Elasticsearch's recommended way to export an index, and faster than a scroll. The point
 * in time is always closed at the end.
 *
 * <p>Unlike a scroll continuation, a {@code search_after} page is a repeatable request (the same point in time and
 * position return the same page), so it is retried on transient failures like any idempotent request. If the point in
 * time itself is gone (expired, or lost with a node), or a page is incomplete, the read raises {@link
 * ScrollContextLostException} and the caller reads the slice again from the start (as it does when the documents it
 * converted do not add up to the total of the first page).
 */
public final class PointInTimeReader implements SliceReader {
  private static final Logger LOG = LoggerFactory.getLogger(PointInTimeReader.class);

  private final ElasticsearchHttp http;
  private final String keepAlive;

  public PointInTimeReader(ElasticsearchHttp http, Duration keepAlive) {
    this.http = http;
    this.keepAlive = keepAlive.toMillis() + "ms";
  }

  @Override
  public long read(ReadSlice slice, int pageSize, Consumer<HitsPage> pages) {
    String pitId = http.requestJson("POST", "/" + slice.index() + "/_pit?keep_alive=" + keepAlive, null)
        .path("id").asText(null);
    if (pitId == null) {
      throw new SourceException("opening a point in time on " + slice.index() + " returned no id");
    }
    try {
      long total = -1;
      JsonNode after = null;
      for (long pagesRead = 0; ; pagesRead++) {
        SearchPage page = page(slice, pitId, pageSize, after, total < 0, pagesRead);
        page.requireComplete(slice);
        if (total < 0) {
          total = page.totalHits();
        }
        if (page.pitId() != null) {
          pitId = page.pitId();
        }
        if (page.hits() == null) {
          return total;
        }
        after = page.hits().lastSort(http.json());
        pages.accept(page.hits());
      }
    } finally {
      close(pitId);
    }
  }

  private SearchPage page(ReadSlice slice, String pitId, int pageSize, JsonNode after, boolean countTotal,
      long pagesRead) {
    ObjectNode query = http.json().createObjectNode()
        .put("size", pageSize)
        .put("track_total_hits", countTotal);
    query.putObject("pit").put("id", pitId).put("keep_alive", keepAlive);
    query.putArray("sort").addObject().put("_shard_doc", "asc");
    if (slice.count() > 1) {
      query.putObject("slice").put("id", slice.id()).put("max", slice.count());
    }
    if (after != null) {
      query.set("search_after", after);
    }
    try {
      return http.requestPage("POST", "/_search", query.toString(),
          (body, length) -> SearchPage.parse(body, length, http.json(), pageSize, countTotal, true));
    } catch (SourceException e) {
      if (ElasticsearchHttp.statusOf(e.getCause()) == 404 || isMissingContext(e)) {
        throw new ScrollContextLostException(slice.index() + " slice " + slice.id() + ": point in time lost after "
            + pagesRead + " pages (" + e.getMessage() + ")", e);
      }
      throw e;
    }
  }

  private static boolean isMissingContext(SourceException e) {
    return e.getCause() instanceof ResponseException re && re.getMessage().contains("search_context_missing");
  }

  private void close(String pitId) {
    ObjectNode body = http.json().createObjectNode().put("id", pitId);
    try {
      http.requestOnce("DELETE", "/_pit", body.toString(), in -> null);
    } catch (IOException | RuntimeException e) {
      // The point in time expires with its keep-alive anyway; a failed close costs server memory for a while.
      LOG.debug("could not close point in time: {}", ElasticsearchHttp.describe(e));
    }
  }
}
