package org.esarchiver.convert;

/**
 * A document whose {@code _source} does not fit the archive schema, e.g. {@code index logs-2019.03.01, document 4f2a:
 * field 'status': expected an integer, got "abc"}.
 */
public final class ConversionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String index;
  private final String documentId;
  private final String field;

  /** {@code problem} follows the quoted field name in the message, e.g. {@code ": expected an integer, got 1.5"}. */
  ConversionException(String index, String documentId, String field, String problem) {
    super("index " + index + ", document " + documentId + ": field '" + field + "'" + problem);
    this.index = index;
    this.documentId = documentId;
    this.field = field;
  }

  public String index() {
    return index;
  }

  public String documentId() {
    return documentId;
  }

  /** Dotted path of the offending field as mapped (or as found in {@code _source} when it is not mapped). */
  public String field() {
    return field;
  }
}
