package org.esarchiver.events;

import java.time.Instant;

/** A run of a job ended: its status (ok or failed), what it did, and how long it took. */
public record RunFinished(String job, String runId, Instant time, String status, long archived, long skipped,
    long failed, long documents, long bytes, double seconds) implements ArchiveEvent {

  @Override
  public String type() {
    return "org.esarchiver.run.finished";
  }

  @Override
  public String subject() {
    return job;
  }
}
