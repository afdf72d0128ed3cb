package org.esarchiver.schedule;

/** The scheduler's job store could not be used; the message says what failed. */
public final class ScheduleException extends RuntimeException {
  public ScheduleException(String message, Throwable cause) {
    super(message, cause);
  }
}
