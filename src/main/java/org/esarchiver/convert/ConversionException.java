package org.esarchiver.convert;

/**
 * A document that cannot be archived because it has no {@code _source} object, e.g. {@code index logs-2019.03.01,
 * document 4f2a: field '_source': expected an object, got no _source} (an index with {@code _source} disabled). Values
 * that do not fit their columns never fail a document: they go to {@code _overflow} (see {@link DocumentConverter}).
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

  /** {@code _source}. */
  public String field() {
    return field;
  }
}
