package org.esarchiver.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The options run and backfill share. */
final class RunFlags {
  @Option(names = "--dry-run", description = "Show what would be archived; read, write and send nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Archive again indices that are already archived, replacing the archive.")
  boolean force;

  @Option(names = "--index", paramLabel = "NAME", description = "Only this index (repeatable).")
  List<String> indices = List.of();

  Set<String> onlyIndices() {
    return new LinkedHashSet<>(indices);
  }
}
