package org.esarchiver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditComparisonTest {
  private static final String JOB = "logs";
  private static final String ROOT = "hdfs://nn:8020/archive/logs";
  private static final String DAY1 = ROOT + "/dt=2024-05-01";
  private static final String DAY2 = ROOT + "/dt=2024-05-02";
  private static final String INDEX1 = "logs-2024.05.01";
  private static final String INDEX2 = "logs-2024.05.02";

  @Test
  void everyArchiveWithItsEventAndMatchingCountsIsClean() {
    List<Finding> findings = AuditComparison.compare(JOB,
        List.of(event(INDEX1, "r1", 1500, DAY1, 10, 0), event(INDEX2, "r1", 700, DAY2, 11, 1)),
        List.of(archive(DAY1, INDEX1, "r1", 1500), archive(DAY2, INDEX2, "r1", 700)));

    assertThat(findings).isEmpty();
  }

  @Test
  void anArchiveWhoseIndexHasNoEventIsReported() {
    List<Finding> findings = AuditComparison.compare(JOB, List.of(event(INDEX1, "r1", 1500, DAY1, 10, 0)),
        List.of(archive(DAY1, INDEX1, "r1", 1500), archive(DAY2, INDEX2, "r2", 700)));

    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.index()).isEqualTo(INDEX2);
      assertThat(finding.problem()).isEqualTo(Problem.ARCHIVE_WITHOUT_EVENT);
      assertThat(finding.path()).isEqualTo(DAY2);
      assertThat(finding.details()).contains("run r2").contains("700 rows").contains("no index.archived event at all");
    });
  }

  @Test
  void anArchiveCopiedToAnotherDirectoryHasNoEventThere() {
    String copy = ROOT + "/dt=2024-06-01";
    List<Finding> findings = AuditComparison.compare(JOB, List.of(event(INDEX1, "r1", 1500, DAY1, 10, 0)),
        List.of(archive(DAY1, INDEX1, "r1", 1500), archive(copy, INDEX1, "r1", 1500)));

    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.problem()).isEqualTo(Problem.ARCHIVE_WITHOUT_EVENT);
      assertThat(finding.path()).isEqualTo(copy);
      assertThat(finding.details()).contains("its run's event names " + DAY1);
    });
  }

  @Test
  void anArchiveOfAnotherRunThanItsIndexsEventsIsReportedWithTheNewestEvent() {
    List<Finding> findings = AuditComparison.compare(JOB, List.of(event(INDEX1, "r1", 1500, DAY1, 10, 0)),
        List.of(archive(ROOT + "/other", INDEX1, "r9", 1500), archive(DAY1, INDEX1, "r1", 1500)));

    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.problem()).isEqualTo(Problem.ARCHIVE_WITHOUT_EVENT);
      assertThat(finding.details()).contains("run r9").contains("the index's newest event is of run r1");
    });
  }

  @Test
  void theNewestEventOfAnIndexMustFindItsArchive() {
    List<Finding> findings = AuditComparison.compare(JOB,
        List.of(event(INDEX1, "r1", 1500, DAY1, 10, 0), event(INDEX2, "r1", 700, DAY2, 11, 1)),
        List.of(archive(DAY1, INDEX1, "r1", 1500)));

    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.index()).isEqualTo(INDEX2);
      assertThat(finding.problem()).isEqualTo(Problem.EVENT_WITHOUT_ARCHIVE);
      assertThat(finding.path()).isEqualTo(DAY2);
      assertThat(finding.details()).contains("run r1").contains("700 documents").contains("no committed archive");
    });
  }

  @Test
  void anOlderEventReplacedByAForcedRunIsHistory() {
    List<Finding> findings = AuditComparison.compare(JOB,
        List.of(event(INDEX1, "r2", 1600, DAY1, 20, 5), event(INDEX1, "r1", 1500, DAY1, 10, 0)),
        List.of(archive(DAY1, INDEX1, "r2", 1600)));

    assertThat(findings).isEmpty();
  }

  @Test
  void aNewerEventWhosePathStillHoldsTheOlderRunsArchiveIsReported() {
    List<Finding> findings = AuditComparison.compare(JOB,
        List.of(event(INDEX1, "r1", 1500, DAY1, 10, 0), event(INDEX1, "r2", 1600, DAY1, 20, 5)),
        List.of(archive(DAY1, INDEX1, "r1", 1500)));

    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.problem()).isEqualTo(Problem.EVENT_WITHOUT_ARCHIVE);
      assertThat(finding.details()).contains("run r2").contains("it holds the archive of run r1");
    });
  }

  @Test
  void theNewestEventIsTheLatestInTimeThenTheLaterOnTheTopic() {
    // Same time: the later offset wins; r1 at a later time beats r0 at a higher offset of another partition.
    List<ArchivedEvent> events = List.of(event(INDEX1, "r2", 1500, DAY2, 10, 7), event(INDEX1, "r1", 1500, DAY1, 10, 8),
        new ArchivedEvent(INDEX1, "r0", 1500, ROOT + "/old", Optional.of(Instant.parse("2024-05-10T01:05:00Z")),
            new TopicPosition(1, 99)));

    List<Finding> findings = AuditComparison.compare(JOB, events, List.of(archive(DAY1, INDEX1, "r1", 1500)));

    assertThat(findings).isEmpty();
  }

  @Test
  void anEventClaimingOtherDocumentsThanTheManifestsRowsIsACountMismatch() {
    List<Finding> findings = AuditComparison.compare(JOB, List.of(event(INDEX1, "r1", 1499, DAY1, 10, 0)),
        List.of(archive(DAY1, INDEX1, "r1", 1500)));

    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.problem()).isEqualTo(Problem.COUNT_MISMATCH);
      assertThat(finding.index()).isEqualTo(INDEX1);
      assertThat(finding.details()).isEqualTo("event of run r1 says 1,499 documents, the manifest has 1,500 rows");
    });
  }

  @Test
  void manifestRowsMustBeTheRowsInTheFootersOfItsFiles() {
    CommittedArchive archive = new CommittedArchive(DAY1, JOB, INDEX1, "r1", 1500,
        Map.of("part-s000-a1.parquet", 1000L, "part-s001-a1.parquet", 500L),
        Map.of("part-s000-a1.parquet", 1000L, "part-s001-a1.parquet", 499L), Map.of());

    List<Finding> findings = AuditComparison.compare(JOB, List.of(event(INDEX1, "r1", 1500, DAY1, 10, 0)),
        List.of(archive));

    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.problem()).isEqualTo(Problem.COUNT_MISMATCH);
      assertThat(finding.details()).isEqualTo("the manifest has 1,500 rows, the Parquet footers of its 2 files hold "
          + "1,499 (part-s001-a1.parquet: listed 500, footer 499)");
    });
  }

  @Test
  void aListedFileThatIsMissingIsReportedInsteadOfTheSum() {
    CommittedArchive archive = new CommittedArchive(DAY1, JOB, INDEX1, "r1", 1500,
        Map.of("part-s000-a1.parquet", 1000L, "part-s001-a1.parquet", 500L),
        Map.of("part-s000-a1.parquet", 1000L), Map.of());

    List<Finding> findings = AuditComparison.compare(JOB, List.of(event(INDEX1, "r1", 1500, DAY1, 10, 0)),
        List.of(archive));

    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.problem()).isEqualTo(Problem.MISSING_FILE);
      assertThat(finding.details()).isEqualTo("part-s001-a1.parquet (500 rows in the manifest) is missing");
    });
  }

  @Test
  void parquetFilesTheManifestDoesNotListAreReported() {
    CommittedArchive archive = new CommittedArchive(DAY1, JOB, INDEX1, "r1", 1500,
        Map.of("part-s000-a1.parquet", 1500L),
        Map.of("part-s000-a1.parquet", 1500L, "extra.parquet", 20L), Map.of("broken.parquet", "not a Parquet file"));

    List<Finding> findings = AuditComparison.compare(JOB, List.of(event(INDEX1, "r1", 1500, DAY1, 10, 0)),
        List.of(archive));

    assertThat(findings).extracting(Finding::problem).containsExactly(Problem.UNLISTED_FILE, Problem.UNLISTED_FILE);
    assertThat(findings).extracting(Finding::details).anySatisfy(d -> assertThat(d).startsWith("extra.parquet (20 rows)"))
        .anySatisfy(d -> assertThat(d).startsWith("broken.parquet").endsWith("not a Parquet file"));
  }

  @Test
  void archivesOfOtherJobsAreNotThisJobsConcernButAnEventPointingAtOneIsReported() {
    List<Finding> findings = AuditComparison.compare(JOB, List.of(event(INDEX1, "r1", 1500, DAY1, 10, 0)),
        List.of(new CommittedArchive(DAY1, "other-job", INDEX1, "r1", 1500, Map.of(), Map.of(), Map.of()),
            new CommittedArchive(ROOT + "/x", "other-job", "x", "r7", 3, Map.of(), Map.of(), Map.of())));

    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.problem()).isEqualTo(Problem.EVENT_WITHOUT_ARCHIVE);
      assertThat(finding.details()).contains("it holds an archive of job other-job");
    });
  }

  @Test
  void locationsAreComparedByPathAlone() {
    List<Finding> findings = AuditComparison.compare(JOB,
        List.of(event(INDEX1, "r1", 1500, "hdfs://namenode.example.com/archive/logs/dt=2024-05-01/", 10, 0)),
        List.of(archive(DAY1, INDEX1, "r1", 1500)));

    assertThat(findings).isEmpty();
  }

  @Test
  void anUnreadableManifestIsReportedOnceEvenWhenAnEventNamesIt() {
    List<Finding> findings = AuditComparison.compare(JOB, List.of(event(INDEX1, "r1", 1500, DAY1, 10, 0)),
        List.of(new UnreadableArchive(DAY1, "_manifest.json lacks run_id")));

    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.problem()).isEqualTo(Problem.UNREADABLE_ARCHIVE);
      assertThat(finding.index()).isEqualTo(Finding.UNKNOWN_INDEX);
      assertThat(finding.details()).isEqualTo("_manifest.json lacks run_id");
    });
  }

  @Test
  void findingsComeInIndexThenProblemOrder() {
    List<Finding> findings = AuditComparison.compare(JOB,
        List.of(event(INDEX2, "r1", 1, DAY2, 10, 1), event(INDEX1, "r1", 1499, DAY1, 10, 0)),
        List.of(archive(DAY1, INDEX1, "r1", 1500), archive(ROOT + "/b", INDEX2, "r5", 5)));

    assertThat(findings).extracting(f -> f.index() + " " + f.problem().label()).containsExactly(
        INDEX1 + " count mismatch", INDEX2 + " archive without event", INDEX2 + " event without archive");
  }

  private static ArchivedEvent event(String index, String runId, long documents, String path, int minute,
      long offset) {
    return new ArchivedEvent(index, runId, documents, path,
        Optional.of(Instant.parse("2024-05-10T01:00:00Z").plusSeconds(60L * minute)),
        new TopicPosition(0, offset));
  }

  private static CommittedArchive archive(String location, String index, String runId, long rows) {
    return new CommittedArchive(location, JOB, index, runId, rows, Map.of("part-s000-a1.parquet", rows),
        Map.of("part-s000-a1.parquet", rows), Map.of());
  }
}
