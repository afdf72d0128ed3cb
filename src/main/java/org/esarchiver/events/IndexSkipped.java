package org.esarchiver.events;

import java.time.Instant;

/** A due index was not archived again because its archive already exists. */
public record IndexSkipped(String job, String runId, String index, Instant time, String reason, String manifestPath)
    implements IndexEvent {

  @Override
  public String type() {
    return "org.esarchiver.index.skipped";
  }
}
