package org.esarchiver.job;

import java.util.Optional;
import org.esarchiver.selection.Candidate;

/**
 * A due index and where its archive goes; {@code alreadyArchived} is set when that archive exists, and
 * {@code conflict} when the destination cannot be used (another due index renders to the same path).
 */
public record PlannedIndex(Candidate candidate, String path, boolean alreadyArchived, Optional<String> conflict) {
  public String name() {
    return candidate.name();
  }
}
