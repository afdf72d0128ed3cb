package org.esarchiver.selection;

import java.time.LocalDate;
import java.util.Optional;
import org.esarchiver.source.IndexInfo;

/** An index that matches the job's patterns but is not archived now, and why. */
public record Skipped(IndexInfo index, Optional<LocalDate> date, String reason) {
  public String name() {
    return index.name();
  }
}
