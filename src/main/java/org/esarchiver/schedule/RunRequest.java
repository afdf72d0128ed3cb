package org.esarchiver.schedule;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.esarchiver.job.RunOptions;
import org.esarchiver.selection.Window;
import org.esarchiver.state.RunHistory;
import org.quartz.JobDataMap;

/**
 * What a fire of a job asks for, kept as strings in Quartz's job data (so any node, of any version, reads it): how it
 * was started, the backfill range if any, --force and --index.
 */
record RunRequest(RunHistory.Kind kind, Optional<LocalDate> from, Optional<LocalDate> to, boolean force,
    Set<String> onlyIndices) {
  private static final String KIND = "kind";
  private static final String FROM = "from";
  private static final String TO = "to";
  private static final String FORCE = "force";
  private static final String INDICES = "indices";

  RunRequest {
    onlyIndices = Set.copyOf(onlyIndices);
  }

  static RunRequest scheduled() {
    return new RunRequest(RunHistory.Kind.SCHEDULED, Optional.empty(), Optional.empty(), false, Set.of());
  }

  Window window() {
    return from.isPresent() ? Window.backfill(from.get(), to.orElseThrow()) : Window.BY_AGE;
  }

  RunOptions options() {
    return new RunOptions(false, onlyIndices, force, window());
  }

  JobDataMap toData() {
    JobDataMap data = new JobDataMap();
    data.put(KIND, kind.name());
    from.ifPresent(d -> data.put(FROM, d.toString()));
    to.ifPresent(d -> data.put(TO, d.toString()));
    data.put(FORCE, Boolean.toString(force));
    data.put(INDICES, String.join(",", onlyIndices));
    return data;
  }

  /** The request in a fire's data; a cron fire carries none, and is a scheduled run by age. */
  static RunRequest fromData(JobDataMap data) {
    if (!data.containsKey(KIND)) {
      return scheduled();
    }
    String indices = data.getString(INDICES);
    return new RunRequest(RunHistory.Kind.valueOf(data.getString(KIND)),
        Optional.ofNullable(data.getString(FROM)).map(LocalDate::parse),
        Optional.ofNullable(data.getString(TO)).map(LocalDate::parse),
        Boolean.parseBoolean(data.getString(FORCE)),
        indices == null || indices.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(indices.split(","))));
  }
}
