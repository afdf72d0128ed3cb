package org.esarchiver.job;

/** An index could not be archived; the message says why, naming index, document or field where it can. */
public final class ArchiveFailure extends RuntimeException {
  public ArchiveFailure(String message) {
    super(message);
  }

  public ArchiveFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
