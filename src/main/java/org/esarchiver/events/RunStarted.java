package org.esarchiver.events;

import java.time.Instant;
import java.util.List;

/** A run of a job began: how it was started ({@code kind}), which window it covers and which indices are due. */
public record RunStarted(String job, String runId, Instant time, String kind, String window, List<String> dueIndices)
    implements ArchiveEvent {
  public RunStarted {
    dueIndices = List.copyOf(dueIndices);
  }

  @Override
  public String type() {
    return "org.esarchiver.run.started";
  }

  @Override
  public String subject() {
    return job;
  }
}
