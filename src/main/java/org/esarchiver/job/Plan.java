package org.esarchiver.job;

import java.util.List;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.selection.Skipped;

/** What a job would do now: the due indices with their destinations, and the matching indices it leaves alone. */
public record Plan(JobDefinition job, List<PlannedIndex> due, List<Skipped> skipped) {
  public Plan {
    due = List.copyOf(due);
    skipped = List.copyOf(skipped);
  }
}
