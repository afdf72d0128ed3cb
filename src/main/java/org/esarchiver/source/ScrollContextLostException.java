package org.esarchiver.source;

/**
 * A scroll could not be continued (context expired or lost with a node restart, or the continuation failed in a way
 * that leaves its position unknown). The slice must be read again from the start.
 */
public final class ScrollContextLostException extends SourceException {
  public ScrollContextLostException(String message, Throwable cause) {
    super(message, cause);
  }
}
