package org.esarchiver.audit;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The result of auditing one job: how much was looked at on each side, and the problems found, in report order.
 * {@code records} counts the topic's records read, {@code notEvents} those that were not CloudEvents JSON,
 * {@code archivedEvents} the index.archived events of the job, {@code archives} the job's committed archives.
 */
public record AuditReport(
    String job,
    String topic,
    boolean topicExists,
    String archiveRoot,
    long records,
    long notEvents,
    int archivedEvents,
    int archives,
    List<Finding> findings) {

  public AuditReport {
    findings = List.copyOf(findings);
  }

  public boolean clean() {
    return findings.isEmpty();
  }

  /** Findings per problem, in problem order. */
  public Map<Problem, Long> problemCounts() {
    return findings.stream().collect(Collectors.groupingBy(Finding::problem, TreeMap::new, Collectors.counting()));
  }

  /** "3 problems: 2 archives without event, 1 count mismatch", or "no problems". */
  public String summary() {
    if (clean()) {
      return "no problems";
    }
    return findings.size() + (findings.size() == 1 ? " problem: " : " problems: ")
        + problemCounts().entrySet().stream()
            .map(count -> count.getKey().count(count.getValue()))
            .collect(Collectors.joining(", "));
  }
}
