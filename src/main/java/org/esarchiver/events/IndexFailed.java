package org.esarchiver.events;

import java.time.Instant;

/** An index could not be archived; nothing of it was committed. */
public record IndexFailed(String job, String runId, String index, Instant time, String error, double seconds)
    implements IndexEvent {

  @Override
  public String type() {
    return "org.esarchiver.index.failed";
  }
}
