package org.esarchiver.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.util.Utf8;

/**
 * The state of converting one document: the {@code _overflow} entries of the record being filled (the document, or an
 * element of a list of objects, which keeps an {@code _overflow} of its own), and the signals converters give their
 * {@link Column}. One per document and thread.
 */
final class Conversion {

  /** The bytes the document is streamed from; null when it is converted from its tree. */
  private final JsonInput input;

  /** The {@code _overflow} entries of the current scope, null while there are none. */
  private ObjectNode overflow;

  /**
   * Set by a converter whose typed value keeps less than the source held (a date_nanos value with digits below the
   * microsecond): its column keeps the typed value and also puts the raw value into {@code _overflow}.
   */
  boolean inexact;

  /**
   * Whether the value being converted is an element of a list column: a path cannot address it, so converters that
   * would put part of a value into {@code _overflow} reject the whole value instead.
   */
  boolean inList;

  /** Values put into {@code _overflow} in this document so far, in every scope. */
  int overflowValues;

  /** The conversion of a document from its tree. */
  Conversion() {
    this(null);
  }

  /** The conversion of a document streamed by a parser of {@code input}. */
  Conversion(JsonInput input) {
    this.input = input;
  }

  /**
   * The string value the parser (of this document's input) is at, as its UTF-8 bytes, or null where it must be read as
   * text (see {@link JsonInput#rawString}).
   */
  Utf8 rawString(JsonParser parser) {
    return input == null ? null : input.rawString(parser);
  }

  /** Keeps {@code value} under {@code path} (relative to the current scope), merged with an earlier value there. */
  void overflow(String path, JsonNode value) {
    if (overflow == null) {
      overflow = ConvertJson.NODES.objectNode();
    }
    JsonNode earlier = overflow.get(path);
    overflow.set(path, earlier == null ? value : JsonMerge.merge(earlier, value, false));
    overflowValues++;
  }

  /** Starts a scope; returns the enclosing one's entries, to be passed to {@link #endScope}. */
  ObjectNode startScope() {
    ObjectNode enclosing = overflow;
    overflow = null;
    return enclosing;
  }

  /** Ends the current scope, returning its entries as compact JSON text (null if none). */
  String endScope(ObjectNode enclosing) {
    String entries = overflow == null ? null : JsonText.escapeLoneSurrogates(overflow.toString());
    overflow = enclosing;
    return entries;
  }
}
