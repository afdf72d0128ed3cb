package org.esarchiver.job;

import java.util.List;

/** Everything a run did, index by index. */
public record RunReport(String job, String runId, boolean dryRun, List<IndexOutcome> outcomes) {
  public RunReport {
    outcomes = List.copyOf(outcomes);
  }

  public boolean ok() {
    return outcomes.stream().allMatch(IndexOutcome::ok);
  }

  public long count(IndexOutcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }
}
