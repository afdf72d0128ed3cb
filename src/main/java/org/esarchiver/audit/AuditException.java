package org.esarchiver.audit;

/** The audit could not be carried out: the topic or the archive filesystem could not be read. */
public final class AuditException extends RuntimeException {
  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }

  public AuditException(String message) {
    super(message);
  }
}
