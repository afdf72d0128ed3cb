package org.esarchiver.audit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Audits one job: reads its index.archived events from the audit topic and its committed archives from the archive
 * filesystem, and compares them ({@link AuditComparison}). Archives are found below the job's root; an event that
 * names a path elsewhere (the job's destination changed since) is looked up where it points.
 */
public final class AuditVerifier {
  private final AuditTopicReader topic;
  private final ArchiveInventory inventory;

  public AuditVerifier(AuditTopicReader topic, ArchiveInventory inventory) {
    this.topic = topic;
    this.inventory = inventory;
  }

  /** {@code jobRoot} is the qualified directory all of the job's archives share under its current destination. */
  public AuditReport verify(String job, String jobRoot) {
    AuditTopicReader.TopicContents contents = topic.read(job);
    List<InspectedArchive> archives = new ArrayList<>(inventory.below(jobRoot));
    Set<String> elsewhere = new LinkedHashSet<>();
    for (ArchivedEvent event : contents.archivedEvents()) {
      if (!ArchivePaths.within(event.path(), jobRoot)) {
        elsewhere.add(event.path());
      }
    }
    elsewhere.forEach(path -> inventory.at(path).ifPresent(archives::add));

    List<Finding> findings = new ArrayList<>(AuditComparison.compare(job, contents.archivedEvents(), archives));
    findings.addAll(contents.malformedEvents());
    findings.sort(Finding.REPORT_ORDER);
    int committed = (int) archives.stream()
        .filter(a -> a instanceof CommittedArchive c && c.job().equals(job)).count();
    return new AuditReport(job, contents.topic(), contents.topicExists(), jobRoot, contents.records(),
        contents.notEvents(), contents.archivedEvents().size(), committed, findings);
  }
}
