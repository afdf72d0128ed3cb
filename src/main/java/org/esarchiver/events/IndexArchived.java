package org.esarchiver.events;

import java.time.Instant;
import java.util.List;
import org.esarchiver.sink.TimeRange;
import org.esarchiver.sink.WrittenFile;

/**
 * An index was archived, verified and committed. {@code overflowValues} counts the values kept in the _overflow column
 * (they did not fit their typed column), {@code schemaConflicts} the fields typed differently than in earlier archives,
 * {@code timestampRange} the first and last {@code @timestamp} archived (null without such a column).
 */
public record IndexArchived(
    String job, String runId, String index, Instant time,
    long documents, long bytes, List<WrittenFile> files, String path, String manifestPath,
    String schemaFingerprint, long overflowValues, long overflowDocuments, List<String> schemaConflicts,
    double seconds, TimeRange timestampRange) implements IndexEvent {

  @Override
  public String type() {
    return "org.esarchiver.index.archived";
  }
}
