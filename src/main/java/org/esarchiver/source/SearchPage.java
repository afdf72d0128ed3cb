package org.esarchiver.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The head of one search response (a scroll page or a point-in-time page), read with Jackson's streaming parser up
 * to the first hit: the ids to continue with, the shard failures, the total; the hits themselves are left to whoever
 * converts them ({@link HitsPage}). Elasticsearch sends the head before the hits; a response that does not (its total
 * after its hits, or a point in time id only after them) is read to its end.
 *
 * @param scrollId the scroll id to continue with (scroll pages), else null
 * @param pitId the point-in-time id to continue with (point-in-time pages), else null
 * @param totalHits the total number of hits, -1 if not tracked
 * @param hits the page's hits, null if it has none
 */
record SearchPage(String scrollId, String pitId, long totalHits, int failedShards, boolean timedOut, HitsPage hits) {

  /** Throws if the page may be missing documents: shard failures or a timeout. */
  void requireComplete(ReadSlice slice) {
    if (failedShards > 0 || timedOut) {
      throw new ScrollContextLostException(slice.index() + " slice " + slice.id() + ": incomplete page ("
          + failedShards + " failed shards" + (timedOut ? ", timed out" : "") + ")", null);
    }
  }

  /**
   * @param wantsTotal whether the request tracked the total (so the head is read until the total is known)
   * @param wantsPitId whether the response should carry a point-in-time id (so the head is read until it is found)
   */
  static SearchPage parse(byte[] response, int length, ObjectMapper mapper, int expectedHits, boolean wantsTotal,
      boolean wantsPitId) throws IOException {
    try (JsonParser parser = mapper.getFactory().createParser(response, 0, length)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT);
      String scrollId = null;
      String pitId = null;
      long total = -1;
      int failedShards = 0;
      boolean timedOut = false;
      boolean hasHits = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "_scroll_id" -> scrollId = parser.getText();
          case "pit_id" -> pitId = parser.getText();
          case "timed_out" -> timedOut = parser.getBooleanValue();
          case "_shards" -> failedShards = mapper.readValue(parser, JsonNode.class).path("failed").asInt();
          case "hits" -> {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String inner = parser.currentName();
              JsonToken value = parser.nextToken();
              if (inner.equals("total")) {
                total = value == JsonToken.START_OBJECT
                    ? mapper.readValue(parser, JsonNode.class).path("value").asLong() : parser.getLongValue();
              } else if (inner.equals("hits") && value == JsonToken.START_ARRAY) {
                hasHits = parser.nextToken() == JsonToken.START_OBJECT;
                boolean headComplete = (total >= 0 || !wantsTotal) && (pitId != null || !wantsPitId);
                if (!hasHits || headComplete) {
                  return new SearchPage(scrollId, pitId, total, failedShards, timedOut,
                      hasHits ? new HitsPage(response, length, expectedHits) : null);
                }
                // the head still misses a part: on past the hits
                for (JsonToken hit = parser.currentToken(); hit == JsonToken.START_OBJECT; hit = parser.nextToken()) {
                  parser.skipChildren();
                }
              } else {
                parser.skipChildren();
              }
            }
          }
          default -> parser.skipChildren();
        }
      }
      return new SearchPage(scrollId, pitId, total, failedShards, timedOut,
          hasHits ? new HitsPage(response, length, expectedHits) : null);
    }
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("unexpected search response: " + actual + " where " + expected + " was expected");
    }
  }
}
