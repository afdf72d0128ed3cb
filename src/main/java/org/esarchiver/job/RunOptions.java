package org.esarchiver.job;

import java.util.Set;
import org.esarchiver.selection.Window;

/**
 * How a run goes: {@code dryRun} reads, writes, sends and changes nothing; {@code onlyIndices}, when not empty,
 * restricts it to those due indices; {@code force} archives again indices that already have an archive (replacing it);
 * {@code window} is the age rule, or a backfill's date range.
 */
public record RunOptions(boolean dryRun, Set<String> onlyIndices, boolean force, Window window) {
  public RunOptions {
    onlyIndices = Set.copyOf(onlyIndices);
  }

  public static RunOptions byAge(boolean dryRun, Set<String> onlyIndices) {
    return new RunOptions(dryRun, onlyIndices, false, Window.BY_AGE);
  }
}
