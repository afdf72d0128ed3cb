package org.esarchiver.events;

import java.time.Instant;
import java.util.List;
import org.esarchiver.sink.WrittenFile;

/** An index was archived, verified and committed. */
public record IndexArchived(
    String job, String runId, String index, Instant time,
    long documents, long bytes, List<WrittenFile> files, String path, String manifestPath,
    String schemaFingerprint, double seconds) implements ArchiveEvent {

  @Override
  public String type() {
    return "org.esarchiver.index.archived";
  }
}
