package org.esarchiver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuditReportTest {
  @Test
  void theSummaryCountsEachProblemInReportOrder() {
    AuditReport report = report(List.of(
        new Finding("b", Problem.COUNT_MISMATCH, "/a/b", "x"),
        new Finding("a", Problem.ARCHIVE_WITHOUT_EVENT, "/a/a", "x"),
        new Finding("c", Problem.ARCHIVE_WITHOUT_EVENT, "/a/c", "x")));

    assertThat(report.clean()).isFalse();
    assertThat(report.summary()).isEqualTo("3 problems: 2 archives without event, 1 count mismatch");
  }

  @Test
  void aReportWithoutFindingsIsClean() {
    assertThat(report(List.of()).clean()).isTrue();
    assertThat(report(List.of()).summary()).isEqualTo("no problems");
    assertThat(report(List.of(new Finding("a", Problem.MISSING_FILE, "/a", "x"))).summary())
        .isEqualTo("1 problem: 1 missing file");
  }

  private static AuditReport report(List<Finding> findings) {
    return new AuditReport("logs", "es-archiver.audit", true, "hdfs://nn/archive/logs", 10, 0, 3, 3, findings);
  }
}
