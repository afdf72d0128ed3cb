package org.esarchiver.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every document of one {@link ReadSlice} with a scroll sorted by {@code _doc}, page by page. The scroll context
 * is always cleared at the end.
 *
 * <p>A scroll continuation is never retried: if the server advanced the scroll before the failure reached us, the
 * retry would return the next page and skip documents. Any failure after the first page, a page with shard failures,
 * or a total that does not match what was read, raises {@link ScrollContextLostException}: the caller reads the slice
 * again from the start.
 */
public final class SlicedScrollReader implements SliceReader {
  private static final Logger LOG = LoggerFactory.getLogger(SlicedScrollReader.class);

  private final ElasticsearchHttp http;
  private final int batchSize;
  private final String keepAlive;

  public SlicedScrollReader(ElasticsearchHttp http, int batchSize, Duration keepAlive) {
    this.http = http;
    this.batchSize = batchSize;
    this.keepAlive = keepAlive.toMillis() + "ms";
  }

  @Override
  public long read(ReadSlice slice, Consumer<List<SourceHit>> pages) {
    return read(slice, Long.MAX_VALUE, pages);
  }

  /**
   * The first {@code limit} documents of an index in {@code _doc} order, page by page: a sample to look at before the
   * real read (which fields hold arrays, for instance).
   */
  public long sample(String index, long limit, Consumer<SourceHit> consumer) {
    long[] seen = {0};
    read(new ReadSlice(index, 0, 1), limit, page -> {
      for (SourceHit hit : page) {
        if (seen[0]++ < limit) {
          consumer.accept(hit);
        }
      }
    });
    return Math.min(seen[0], limit);
  }

  private long read(ReadSlice slice, long limit, Consumer<List<SourceHit>> pages) {
    SearchPage page = http.requestPage("POST", "/" + slice.index() + "/_search?scroll=" + keepAlive,
        firstPageQuery(slice), (body, length) -> SearchPage.parse(body, length, http.json(), batchSize));
    String scrollId = page.scrollId();
    try {
      long read = 0;
      while (true) {
        page.requireComplete(slice);
        if (page.hits().isEmpty()) {
          break;
        }
        pages.accept(page.hits());
        read += page.hits().size();
        if (read >= limit) {
          return read;
        }
        page = continueScroll(slice, scrollId, read);
        if (page.scrollId() != null) {
          scrollId = page.scrollId();
        }
      }
      if (read != page.totalHits()) {
        throw new ScrollContextLostException(slice.index() + " slice " + slice.id() + ": read " + read
            + " documents but Elasticsearch reported " + page.totalHits(), null);
      }
      return read;
    } finally {
      clear(scrollId);
    }
  }

  private SearchPage continueScroll(ReadSlice slice, String scrollId, long readSoFar) {
    ObjectNode body = http.json().createObjectNode().put("scroll", keepAlive).put("scroll_id", scrollId);
    try {
      return http.requestPageOnce("POST", "/_search/scroll", body.toString(),
          (page, length) -> SearchPage.parse(page, length, http.json(), batchSize));
    } catch (IOException | RuntimeException e) {
      throw new ScrollContextLostException(slice.index() + " slice " + slice.id() + ": scroll lost after "
          + readSoFar + " documents (" + ElasticsearchHttp.describe(e) + ")", e);
    }
  }

  private String firstPageQuery(ReadSlice slice) {
    ObjectNode query = http.json().createObjectNode()
        .put("size", batchSize)
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
