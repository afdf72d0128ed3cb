package org.esarchiver.job;

import java.util.List;
import java.util.Optional;
import org.esarchiver.selection.Candidate;

/**
 * A due index and where its archive goes; {@code alreadyArchived} is set when that archive exists, {@code conflict}
 * when the destination cannot be used (another due index renders to the same path), and {@code schemaConflicts} lists
 * the fields whose type differs from the job's earlier archives.
 */
public record PlannedIndex(Candidate candidate, String path, boolean alreadyArchived, Optional<String> conflict,
    List<String> schemaConflicts) {
  public String name() {
    return candidate.name();
  }
}
