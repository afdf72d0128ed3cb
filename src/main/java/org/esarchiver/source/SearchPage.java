package org.esarchiver.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a search response (a scroll page or a point-in-time page), read with Jackson's streaming parser: each
 * hit's {@code _source} is skipped over and kept as its byte range in the response (which the page holds), for the
 * converter to stream; everything else is picked out as it goes by.
 *
 * @param scrollId the scroll id to continue with (scroll pages), else null
 * @param pitId the point-in-time id to continue with (point-in-time pages), else null
 * @param totalHits the total number of hits, -1 if not tracked
 * @param lastSort the sort values of the last hit ({@code search_after} of the next page), null without hits
 */
record SearchPage(String scrollId, String pitId, long totalHits, int failedShards, boolean timedOut,
    List<SourceHit> hits, JsonNode lastSort) {

  /** Throws if the page may be missing documents: shard failures or a timeout. */
  void requireComplete(ReadSlice slice) {
    if (failedShards > 0 || timedOut) {
      throw new ScrollContextLostException(slice.index() + " slice " + slice.id() + ": incomplete page ("
          + failedShards + " failed shards" + (timedOut ? ", timed out" : "") + ")", null);
    }
  }

  static SearchPage parse(byte[] response, int length, ObjectMapper mapper, int expectedHits) throws IOException {
    try (JsonParser parser = mapper.getFactory().createParser(response, 0, length)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT);
      String scrollId = null;
      String pitId = null;
      long total = -1;
      int failedShards = 0;
      boolean timedOut = false;
      List<SourceHit> hits = List.of();
      JsonNode lastSort = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "_scroll_id" -> scrollId = parser.getText();
          case "pit_id" -> pitId = parser.getText();
          case "timed_out" -> timedOut = parser.getBooleanValue();
          case "_shards" -> failedShards = mapper.readValue(parser, JsonNode.class).path("failed").asInt();
          case "hits" -> {
            Hits section = parseHits(parser, mapper, response, expectedHits);
            total = section.total;
            hits = section.hits;
            lastSort = section.lastSort;
          }
          default -> parser.skipChildren();
        }
      }
      return new SearchPage(scrollId, pitId, total, failedShards, timedOut, hits, lastSort);
    }
  }

  private static final class Hits {
    long total = -1;
    List<SourceHit> hits;
    JsonNode lastSort;
  }

  private static Hits parseHits(JsonParser parser, ObjectMapper mapper, byte[] response, int expectedHits)
      throws IOException {
    Hits section = new Hits();
    section.hits = new ArrayList<>(expectedHits);
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("total")) {
        section.total = value == JsonToken.START_OBJECT
            ? mapper.readValue(parser, JsonNode.class).path("value").asLong() : parser.getLongValue();
      } else if (field.equals("hits") && value == JsonToken.START_ARRAY) {
        int[] lastSort = null;
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          lastSort = parseHit(parser, response, section, lastSort);
        }
        if (lastSort != null) {
          section.lastSort = mapper.readTree(response, lastSort[0], lastSort[1]);
        }
      } else {
        parser.skipChildren();
      }
    }
    return section;
  }

  /** Adds the hit; returns the byte range of its sort values (offset, length), or {@code lastSort} if it has none. */
  private static int[] parseHit(JsonParser parser, byte[] response, Hits section, int[] lastSort) throws IOException {
    String index = null;
    String id = null;
    String routing = null;
    int[] source = null;
    int[] sort = lastSort;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "_index" -> index = parser.getText();
        case "_id" -> id = parser.getText();
        case "_routing" -> routing = parser.getText();
        case "_source" -> source = value == JsonToken.START_OBJECT ? skipValue(parser) : null;
        case "sort" -> sort = skipValue(parser);
        default -> parser.skipChildren();
      }
    }
    if (source == null) {
      throw new SourceException("document " + id + " of " + index + " has no _source object (is _source disabled "
          + "in the mapping?): an archive cannot be built from it");
    }
    section.hits.add(new SourceHit(index, id, routing, response, source[0], source[1]));
    return sort;
  }

  /** Skips the object or array the parser is at; returns its byte range in the response (offset, length). */
  private static int[] skipValue(JsonParser parser) throws IOException {
    int start = (int) parser.currentTokenLocation().getByteOffset();
    parser.skipChildren();
    int end = (int) parser.currentTokenLocation().getByteOffset() + 1;
    return new int[] {start, end - start};
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("unexpected search response: " + actual + " where " + expected + " was expected");
    }
  }
}
