package org.esarchiver.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a search response (a scroll page or a point-in-time page), read with Jackson's streaming parser: only
 * each hit's {@code _source} becomes a tree, everything else is picked out as it streams by.
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

  static SearchPage parse(InputStream body, ObjectMapper mapper, int expectedHits) throws IOException {
    try (JsonParser parser = mapper.getFactory().createParser(body)) {
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
            Hits section = parseHits(parser, mapper, expectedHits);
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

  private static Hits parseHits(JsonParser parser, ObjectMapper mapper, int expectedHits) throws IOException {
    Hits section = new Hits();
    section.hits = new ArrayList<>(expectedHits);
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("total")) {
        section.total = value == JsonToken.START_OBJECT
            ? mapper.readValue(parser, JsonNode.class).path("value").asLong() : parser.getLongValue();
      } else if (field.equals("hits") && value == JsonToken.START_ARRAY) {
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          parseHit(parser, mapper, section);
        }
      } else {
        parser.skipChildren();
      }
    }
    return section;
  }

  private static void parseHit(JsonParser parser, ObjectMapper mapper, Hits section) throws IOException {
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
        case "sort" -> section.lastSort = mapper.readValue(parser, JsonNode.class);
        default -> parser.skipChildren();
      }
    }
    if (source == null) {
      throw new SourceException("document " + id + " of " + index + " has no _source (is _source disabled in "
          + "the mapping?): an archive cannot be built from it");
    }
    section.hits.add(new SourceHit(index, id, routing, source));
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("unexpected search response: " + actual + " where " + expected + " was expected");
    }
  }
}
