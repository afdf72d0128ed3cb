package org.esarchiver.sink;

/** The archive filesystem refused a write, a rename or a read-back. */
public final class SinkException extends RuntimeException {
  public SinkException(String message) {
    super(message);
  }

  public SinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
