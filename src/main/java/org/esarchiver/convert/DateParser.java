package org.esarchiver.convert;

import java.time.Instant;

/** One compiled Elasticsearch date format (or a {@code ||}-list of them). Immutable and thread-safe. */
interface DateParser {

  /** The instant {@code text} denotes, or null if it is not in this format. */
  Instant parse(String text);
}
