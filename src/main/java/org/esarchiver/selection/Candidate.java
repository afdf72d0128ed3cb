package org.esarchiver.selection;

import java.time.LocalDate;
import org.esarchiver.source.IndexInfo;

/**
 * An index the job would archive now, with its date (read by the age rule, as a day in the rule's time zone), the rule
 * that selected it and why.
 */
public record Candidate(IndexInfo index, LocalDate date, String rule, String reason) {
  public String name() {
    return index.name();
  }
}
