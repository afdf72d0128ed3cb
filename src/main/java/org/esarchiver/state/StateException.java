package org.esarchiver.state;

/** The state database could not be reached or used; the message names it. */
public final class StateException extends RuntimeException {
  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
