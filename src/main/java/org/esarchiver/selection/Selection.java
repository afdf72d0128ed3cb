package org.esarchiver.selection;

import java.util.List;

/** The outcome of applying a job's rules to the indices that match its patterns. */
public record Selection(List<Candidate> due, List<Skipped> skipped) {
  public Selection {
    due = List.copyOf(due);
    skipped = List.copyOf(skipped);
  }
}
