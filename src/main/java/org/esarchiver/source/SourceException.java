package org.esarchiver.source;

/** Elasticsearch could not be read: unreachable, refused the request, or answered something unexpected. */
public class SourceException extends RuntimeException {
  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
