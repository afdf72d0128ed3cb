package org.esarchiver.audit;

import java.util.Comparator;

/** One problem the audit found: the index it concerns ("-" when unknown), the archive path involved, and what differs. */
public record Finding(String index, Problem problem, String path, String details) {
  public static final Comparator<Finding> REPORT_ORDER = Comparator.comparing(Finding::index)
      .thenComparing(Finding::problem)
      .thenComparing(Finding::path);

  public static final String UNKNOWN_INDEX = "-";
}
