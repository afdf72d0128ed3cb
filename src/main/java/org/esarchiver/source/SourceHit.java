package org.esarchiver.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One document as read from a search page: its {@code _source} is left as the JSON bytes {@code page[sourceOffset,
 * sourceOffset + sourceLength)} of the page it came in, for the converter to stream. {@code routing} is null unless
 * the document was indexed with one.
 */
public record SourceHit(String index, String id, String routing, byte[] page, int sourceOffset, int sourceLength) {

  /** The {@code _source} as a tree, for the few readers that want one (the array sample). */
  public JsonNode sourceTree(ObjectMapper mapper) {
    try {
      return mapper.readTree(page, sourceOffset, sourceLength);
    } catch (IOException e) {
      throw new UncheckedIOException("document " + id + " of " + index + " has no valid _source", e);
    }
  }
}
