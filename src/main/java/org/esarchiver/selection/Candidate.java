package org.esarchiver.selection;

import java.time.LocalDate;
import org.esarchiver.source.IndexInfo;

/** An index the job would archive now, with the date read from its name and why it is due. */
public record Candidate(IndexInfo index, LocalDate date, String reason) {
  public String name() {
    return index.name();
  }
}
