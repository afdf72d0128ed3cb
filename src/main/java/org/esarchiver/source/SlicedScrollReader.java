package org.esarchiver.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every document of one {@link ReadSlice} with a scroll sorted by {@code _doc}, page by page. The scroll context
 * is always cleared at the end.
 *
 * <p>A scroll continuation is never retried: if the server advanced the scroll before the failure reached us, the
 * retry would return the next page and skip documents. Any failure after the first page, or a page with shard
 * failures, raises {@link ScrollContextLostException}: the caller reads the slice again from the start (as it does when
 * the documents it converted do not add up to the total of the first page).
 */
public final class SlicedScrollReader implements SliceReader {
  private static final Logger LOG = LoggerFactory.getLogger(SlicedScrollReader.class);

  private final ElasticsearchHttp http;
  private final String keepAlive;

  public SlicedScrollReader(ElasticsearchHttp http, Duration keepAlive) {
    this.http = http;
    this.keepAlive = keepAlive.toMillis() + "ms";
  }

  @Override
  public long read(ReadSlice slice, int pageSize, Consumer<HitsPage> pages) {
    return read(slice, pageSize, page -> {
      pages.accept(page);
      return true;
    });
  }

  /**
   * The {@code _source} of the first {@code limit} documents of an index in {@code _doc} order: a sample to look at
   * before the real read (which fields hold arrays, for instance), read in pages of {@code pageSize} documents by the
   * parsers {@code parsers} makes.
   */
  public List<JsonNode> sample(String index, int limit, int pageSize, JsonFactory parsers) {
    List<JsonNode> sources = new ArrayList<>();
    HitConverter<JsonNode> trees = new HitConverter<>() {
      @Override
      public JsonNode fromParser(String in, String id, String routing, JsonParser source, byte[] page)
          throws IOException {
        return http.json().readTree(source);
      }

      @Override
      public JsonNode fromBytes(String in, String id, String routing, byte[] page, int offset, int length)
          throws IOException {
        return http.json().readTree(page, offset, length);
      }
    };
    read(new ReadSlice(index, 0, 1), pageSize, page -> {
      for (JsonNode source : page.convert(parsers, trees)) {
        if (sources.size() < limit) {
          sources.add(source);
        }
      }
      return sources.size() < limit;
    });
    return sources;
  }

  /** Reads pages while {@code pages} wants more; returns the total Elasticsearch reported. */
  private long read(ReadSlice slice, int pageSize, Predicate<HitsPage> pages) {
    SearchPage page = http.requestPage("POST", "/" + slice.index() + "/_search?scroll=" + keepAlive,
        firstPageQuery(slice, pageSize),
        (body, length) -> SearchPage.parse(body, length, http.json(), pageSize, true, false));
    String scrollId = page.scrollId();
    long total = page.totalHits();
    try {
      for (long pagesRead = 0; ; pagesRead++) {
        page.requireComplete(slice);
        if (page.hits() == null || !pages.test(page.hits())) {
          return total;
        }
        page = continueScroll(slice, scrollId, pageSize, pagesRead + 1);
        if (page.scrollId() != null) {
          scrollId = page.scrollId();
        }
      }
    } finally {
      clear(scrollId);
    }
  }

  private SearchPage continueScroll(ReadSlice slice, String scrollId, int pageSize, long pagesRead) {
    ObjectNode body = http.json().createObjectNode().put("scroll", keepAlive).put("scroll_id", scrollId);
    try {
      return http.requestPageOnce("POST", "/_search/scroll", body.toString(),
          (page, length) -> SearchPage.parse(page, length, http.json(), pageSize, false, false));
    } catch (PageTooLargeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ScrollContextLostException(slice.index() + " slice " + slice.id() + ": scroll lost after "
          + pagesRead + " pages (" + ElasticsearchHttp.describe(e) + ")", e);
    }
  }

  private String firstPageQuery(ReadSlice slice, int pageSize) {
    ObjectNode query = http.json().createObjectNode()
        .put("size", pageSize)
        .put("track_total_hits", true);
    query.putArray("sort").add("_doc");
    if (slice.count() > 1) {
      query.putObject("slice").put("id", slice.id()).put("max", slice.count());
    }
    return query.toString();
  }

  private void clear(String scrollId) {
    if (scrollId == null) {
      return;
    }
    ObjectNode body = http.json().createObjectNode();
    body.putArray("scroll_id").add(scrollId);
    try {
      http.requestOnce("DELETE", "/_search/scroll", body.toString(), in -> null);
    } catch (IOException | RuntimeException e) {
      // The context expires with its keep-alive anyway; a failed clear costs server memory for a while, not data.
      LOG.debug("could not clear scroll: {}", ElasticsearchHttp.describe(e));
    }
  }
}
