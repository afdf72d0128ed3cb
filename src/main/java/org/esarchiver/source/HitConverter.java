package org.esarchiver.source;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/** Turns each hit of a {@link HitsPage} into what the reader keeps: a record to write, a tree to look at. */
public interface HitConverter<T> {

  /**
   * The hit whose {@code _source} the parser is at (its START_OBJECT); leaves the parser past the matching END_OBJECT
   * (at it, or with no current token as after Jackson's readTree).
   * {@code routing} is null unless the document was indexed with one. The parser reads {@code page}, from its start:
   * its offsets are positions in {@code page}.
   */
  T fromParser(String index, String id, String routing, JsonParser source, byte[] page) throws IOException;

  /**
   * The hit whose {@code _source} is the JSON bytes {@code page[offset, offset + length)}: used only for a hit whose
   * {@code _source} came before its {@code _index}, {@code _id} or {@code _routing} (Elasticsearch sends them first).
   */
  T fromBytes(String index, String id, String routing, byte[] page, int offset, int length) throws IOException;
}
