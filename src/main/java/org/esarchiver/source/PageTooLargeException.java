package org.esarchiver.source;

/**
 * A search page came to more bytes than a page may take ({@link #limitBytes()}, set by the heap): its documents are
 * larger than the ones the page size was chosen from. The request is not repeated as it was; the caller asks for
 * fewer documents a page.
 */
public final class PageTooLargeException extends SourceException {
  private final long limitBytes;

  public PageTooLargeException(String endpoint, long limitBytes, Throwable cause) {
    super("a search page from " + endpoint + " came to more than " + (limitBytes >> 20)
        + " MB, the most a page may take with this heap", cause);
    this.limitBytes = limitBytes;
  }

  public long limitBytes() {
    return limitBytes;
  }
}
