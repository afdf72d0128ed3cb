package org.esarchiver.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every document of one {@link ReadSlice} with a scroll sorted by {@code _doc}, page by page, so memory holds one
 * page at a time. The scroll context is always cleared at the end.
 *
 * <p>A scroll continuation is never retried: if the server advanced the scroll before the failure reached us, the
 * retry would return the next page and skip documents. Any failure after the first page, a page with shard failures,
 * or a total that does not match what was read, raises {@link ScrollContextLostException}: the caller reads the slice
 * again from the start.
 */
public final class SlicedScrollReader {
  private static final Logger LOG = LoggerFactory.getLogger(SlicedScrollReader.class);

  private final ElasticsearchHttp http;
  private final int batchSize;
  private final String keepAlive;

  public SlicedScrollReader(ElasticsearchHttp http, int batchSize, Duration keepAlive) {
    this.http = http;
    this.batchSize = batchSize;
    this.keepAlive = keepAlive.toMillis() + "ms";
  }

  /** Hands every document of the slice to {@code consumer}, in order, and returns how many there were. */
  public long read(ReadSlice slice, Consumer<SourceHit> consumer) {
    return read(slice, Long.MAX_VALUE, consumer);
  }

  /**
   * The first {@code limit} documents of an index in {@code _doc} order, page by page: a sample to look at before the
   * real read (which fields hold arrays, for instance).
   */
  public long sample(String index, long limit, Consumer<SourceHit> consumer) {
    return read(new ReadSlice(index, 0, 1), limit, consumer);
  }

  private long read(ReadSlice slice, long limit, Consumer<SourceHit> consumer) {
    ScrollPage page = http.request("POST", "/" + slice.index() + "/_search?scroll=" + keepAlive,
        firstPageQuery(slice), this::parsePage);
    String scrollId = page.scrollId();
    try {
      long read = 0;
      while (true) {
        page.requireComplete(slice);
        for (SourceHit hit : page.hits()) {
          if (read == limit) {
            return read;
          }
          consumer.accept(hit);
          read++;
        }
        if (page.hits().isEmpty()) {
          break;
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

  private ScrollPage continueScroll(ReadSlice slice, String scrollId, long readSoFar) {
    ObjectNode body = http.json().createObjectNode().put("scroll", keepAlive).put("scroll_id", scrollId);
    try {
      return http.requestOnce("POST", "/_search/scroll", body.toString(), this::parsePage);
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

  private ScrollPage parsePage(InputStream body) throws IOException {
    ObjectMapper mapper = http.json();
    try (JsonParser parser = mapper.getFactory().createParser(body)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT);
      String scrollId = null;
      long total = -1;
      int failedShards = 0;
      boolean timedOut = false;
      List<SourceHit> hits = List.of();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "_scroll_id" -> scrollId = parser.getText();
          case "timed_out" -> timedOut = parser.getBooleanValue();
          case "_shards" -> failedShards = mapper.readValue(parser, JsonNode.class).path("failed").asInt();
          case "hits" -> {
            HitsSection section = parseHits(parser, mapper);
            total = section.total();
            hits = section.hits();
          }
          default -> parser.skipChildren();
        }
      }
      return new ScrollPage(scrollId, total, failedShards, timedOut, hits);
    }
  }

  private record HitsSection(long total, List<SourceHit> hits) {}

  private HitsSection parseHits(JsonParser parser, ObjectMapper mapper) throws IOException {
    long total = -1;
    List<SourceHit> hits = new ArrayList<>(batchSize);
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("total")) {
        total = value == JsonToken.START_OBJECT ? mapper.readValue(parser, JsonNode.class).path("value").asLong() : parser.getLongValue();
      } else if (field.equals("hits") && value == JsonToken.START_ARRAY) {
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          hits.add(parseHit(parser, mapper));
        }
      } else {
        parser.skipChildren();
      }
    }
    return new HitsSection(total, hits);
  }

  private static SourceHit parseHit(JsonParser parser, ObjectMapper mapper) throws IOException {
    String index = null;
    String id = null;
    String routing = null;
    JsonNode source = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "_index" -> index = parser.getText();
        case "_id" -> id = parser.getText();
        case "_routing" -> routing = parser.getText();
        case "_source" -> source = mapper.readValue(parser, JsonNode.class);
        default -> parser.skipChildren();
      }
    }
    if (source == null) {
      throw new SourceException("document " + id + " of " + index + " has no _source (is _source disabled in "
          + "the mapping?): an archive cannot be built from it");
    }
    return new SourceHit(index, id, routing, source);
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("unexpected search response: " + actual + " where " + expected + " was expected");
    }
  }

  private record ScrollPage(String scrollId, long totalHits, int failedShards, boolean timedOut, List<SourceHit> hits) {
    void requireComplete(ReadSlice slice) {
      if (failedShards > 0 || timedOut) {
        throw new ScrollContextLostException(slice.index() + " slice " + slice.id() + ": incomplete page ("
            + failedShards + " failed shards" + (timedOut ? ", timed out" : "") + ")", null);
      }
    }
  }
}
