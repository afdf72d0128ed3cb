package org.esarchiver.events;

import java.time.Instant;

/**
 * The job's after_archive action was applied to an index this run archived, verified and announced: {@code action}
 * is read_only, close or delete; {@code manifestPath} is the archive that made it safe.
 */
public record IndexActionApplied(String job, String runId, String index, Instant time, String action,
    String manifestPath) implements IndexEvent {

  @Override
  public String type() {
    return switch (action) {
      case "delete" -> "org.esarchiver.index.deleted";
      case "close" -> "org.esarchiver.index.closed";
      default -> "org.esarchiver.index.made_read_only";
    };
  }
}
