package org.esarchiver.job;

import java.util.List;
import java.util.Set;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.selection.Skipped;
import org.esarchiver.selection.Window;

/**
 * What a job would do now: the due indices with their destinations, and the matching indices it leaves alone;
 * {@code archivedSkipped} names the skipped indices that already have an archive.
 */
public record Plan(JobDefinition job, Window window, List<PlannedIndex> due, List<Skipped> skipped,
    Set<String> archivedSkipped) {
  public Plan {
    due = List.copyOf(due);
    skipped = List.copyOf(skipped);
    archivedSkipped = Set.copyOf(archivedSkipped);
  }
}
