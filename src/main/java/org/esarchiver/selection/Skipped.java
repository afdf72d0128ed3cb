package org.esarchiver.selection;

import java.time.LocalDate;
import java.util.Optional;
import org.esarchiver.source.IndexInfo;

/** An index that matches the job's patterns but is not archived now: its date if it has one, the rule and why. */
public record Skipped(IndexInfo index, Optional<LocalDate> date, String rule, String reason) {
  public String name() {
    return index.name();
  }
}
