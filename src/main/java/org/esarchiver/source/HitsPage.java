package org.esarchiver.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The hits of one search page, left as the response bytes {@code response[0, length)} until the thread that converts
 * them reads them, once, with one parser: the thread that fetched the page only read its head (scroll id, shards,
 * total) and has already asked for the next one. Not thread-safe; read it from one thread at a time.
 */
public final class HitsPage {
  private static final byte[] SORT_FIELD = "\"sort\":[".getBytes(StandardCharsets.US_ASCII);

  private final byte[] response;
  private final int length;
  private final int expectedHits;

  HitsPage(byte[] response, int length, int expectedHits) {
    this.response = response;
    this.length = length;
    this.expectedHits = expectedHits;
  }

  /** Every hit, converted in order. */
  public <T> List<T> convert(JsonFactory json, HitConverter<T> converter) {
    List<T> converted = new ArrayList<>(expectedHits);
    convert(json, converter, Integer.MAX_VALUE, converted::addAll);
    return converted;
  }

  /**
   * Every hit, converted in order and given to {@code chunks} in lists of at most {@code chunkSize}, each as soon as
   * it is full: the next stage may take them while the rest of the page is converted, and holds fewer converted hits
   * at a time than the page has.
   */
  public <T> void convert(JsonFactory json, HitConverter<T> converter, int chunkSize, Consumer<List<T>> chunks) {
    new Walk<>(converter).run(json, chunkSize, chunks);
  }

  /**
   * The sort values of the last hit (the {@code search_after} of the next page). They are the last field of the last
   * hit, so they are found by searching back from the end for {@code "sort":[}, and checked to be followed by the
   * end of the hit and of the hits; anything else walks every hit.
   */
  JsonNode lastSort(ObjectMapper mapper) {
    int at = lastIndexOf(SORT_FIELD);
    if (at >= 0) {
      int array = at + SORT_FIELD.length - 1;
      try (JsonParser parser = mapper.getFactory().createParser(response, array, length - array)) {
        parser.nextToken();
        JsonNode sort = mapper.readTree(parser);
        if (parser.nextToken() == JsonToken.END_OBJECT && parser.nextToken() == JsonToken.END_ARRAY) {
          return sort;
        }
      } catch (IOException notThere) {
        // fall back to the walk, which reports what is wrong with the page
      }
    }
    Walk<Object> walk = new Walk<>(null);
    walk.run(mapper.getFactory(), Integer.MAX_VALUE, none -> { });
    return walk.lastSortStart < 0 ? null : walk.tree(mapper, walk.lastSortStart, walk.lastSortEnd);
  }

  private int lastIndexOf(byte[] pattern) {
    outer:
    for (int i = length - pattern.length; i >= 0; i--) {
      for (int j = 0; j < pattern.length; j++) {
        if (response[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** One pass over the hits; with a null converter it only notes where the last hit's sort values are. */
  private final class Walk<T> {
    private final HitConverter<T> converter;
    int lastSortStart = -1;
    int lastSortEnd = -1;

    Walk(HitConverter<T> converter) {
      this.converter = converter;
    }

    void run(JsonFactory json, int chunkSize, Consumer<List<T>> chunks) {
      List<T> converted = new ArrayList<>(Math.min(chunkSize, expectedHits));
      try (JsonParser parser = json.createParser(response, 0, length)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          throw new SourceException("unexpected search response: not a JSON object");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          if (parser.nextToken() == JsonToken.START_OBJECT && field.equals("hits")) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String inner = parser.currentName();
              if (parser.nextToken() == JsonToken.START_ARRAY && inner.equals("hits")) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                  T hit = hit(parser);
                  if (converter != null) {
                    converted.add(hit);
                    if (converted.size() == chunkSize) {
                      chunks.accept(converted);
                      converted = new ArrayList<>(chunkSize);
                    }
                  }
                }
              } else {
                parser.skipChildren();
              }
            }
          } else {
            parser.skipChildren();
          }
        }
        if (!converted.isEmpty()) {
          chunks.accept(converted);
        }
      } catch (IOException e) {
        throw new SourceException("cannot read a search page: " + e.getMessage(), e);
      }
    }

    private T hit(JsonParser parser) throws IOException {
      String index = null;
      String id = null;
      String routing = null;
      T early = null;
      boolean convertedEarly = false;
      int sourceStart = -1;
      int sourceEnd = -1;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "_index" -> index = parser.getText();
          case "_id" -> id = parser.getText();
          case "_routing" -> {
            routing = parser.getText();
            convertedEarly = false;
          }
          case "_source" -> {
            if (value != JsonToken.START_OBJECT) {
              throw noSource(index, id);
            }
            sourceStart = offset(parser);
            JsonStreamContext hitContext = parser.getParsingContext().getParent();
            if (converter != null && index != null && id != null) {
              early = converter.fromParser(index, id, routing, parser, response);
              convertedEarly = true;
              if (parser.getParsingContext() != hitContext) {
                throw new IllegalStateException("the converter of " + id + " did not read its whole _source");
              }
            } else {
              parser.skipChildren();
            }
            sourceEnd = end(parser);
          }
          case "sort" -> {
            lastSortStart = offset(parser);
            parser.skipChildren();
            lastSortEnd = end(parser);
          }
          default -> parser.skipChildren();
        }
      }
      if (sourceStart < 0) {
        throw noSource(index, id);
      }
      if (converter == null || convertedEarly) {
        return early;
      }
      return converter.fromBytes(index, id, routing, response, sourceStart, sourceEnd - sourceStart);
    }

    JsonNode tree(ObjectMapper mapper, int start, int end) {
      try {
        return mapper.readTree(response, start, end - start);
      } catch (IOException e) {
        throw new SourceException("cannot read a search page: " + e.getMessage(), e);
      }
    }
  }

  /** Where the token the parser is at starts. */
  private static int offset(JsonParser parser) {
    return (int) parser.currentTokenLocation().getByteOffset();
  }

  /** Where the value the parser has just read to its end (its last token) ends. */
  private static int end(JsonParser parser) {
    return (int) parser.currentLocation().getByteOffset();
  }

  private static SourceException noSource(String index, String id) {
    return new SourceException("document " + id + " of " + index + " has no _source object (is _source disabled in "
        + "the mapping?): an archive cannot be built from it");
  }
}
