package org.esarchiver.events;

/** An audit event was not acknowledged by the broker. */
public final class EventDeliveryException extends RuntimeException {
  public EventDeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
