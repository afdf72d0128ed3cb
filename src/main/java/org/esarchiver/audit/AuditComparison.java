package org.esarchiver.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Compares a job's index.archived events with its committed archives. An event and an archive match when they name the
 * same index, the same run and the same partition directory; the directory is compared by its path only, so
 * hdfs://nn:8020/archive/x and hdfs://nn.example.com/archive/x are the same place.
 *
 * <ul>
 *   <li>an archive of the job that no event matches is an archive without event (e.g. committed while its event went
 *       elsewhere, or copied to another directory);
 *   <li>the newest event of each index must find its archive at the path it names; older events of an index are
 *       history (a --force run replaced their archive) and are not checked;
 *   <li>a matched event must claim as many documents as the manifest has rows, and the manifest's rows must be the
 *       rows in the Parquet footers of the files it lists, all of which must be present; a Parquet file in the
 *       directory that the manifest does not list is reported too, since query engines read it.
 * </ul>
 */
public final class AuditComparison {
  private AuditComparison() {}

  public static List<Finding> compare(String job, List<ArchivedEvent> events, List<InspectedArchive> archives) {
    List<Finding> findings = new ArrayList<>();
    Map<String, List<ArchivedEvent>> eventsByIndex = events.stream()
        .sorted(ArchivedEvent.OLDEST_FIRST)
        .collect(Collectors.groupingBy(ArchivedEvent::index, TreeMap::new, Collectors.toList()));
    Map<String, InspectedArchive> archivesByPath = new LinkedHashMap<>();
    for (InspectedArchive archive : archives) {
      archivesByPath.putIfAbsent(ArchivePaths.key(archive.location()), archive);
    }
    for (InspectedArchive inspected : archivesByPath.values()) {
      if (inspected instanceof UnreadableArchive unreadable) {
        findings.add(new Finding(Finding.UNKNOWN_INDEX, Problem.UNREADABLE_ARCHIVE, unreadable.location(),
            unreadable.error()));
      } else if (inspected instanceof CommittedArchive archive && archive.job().equals(job)) {
        List<ArchivedEvent> ofIndex = eventsByIndex.getOrDefault(archive.index(), List.of());
        checkEvents(archive, ofIndex, findings);
        checkFiles(archive, findings);
      }
    }
    eventsByIndex.forEach((index, ofIndex) ->
        checkNewestEvent(job, ofIndex.get(ofIndex.size() - 1), archivesByPath, findings));
    findings.sort(Finding.REPORT_ORDER);
    return List.copyOf(findings);
  }

  private static void checkEvents(CommittedArchive archive, List<ArchivedEvent> ofIndex, List<Finding> findings) {
    String where = ArchivePaths.key(archive.location());
    List<ArchivedEvent> ofRun = ofIndex.stream().filter(e -> e.runId().equals(archive.runId())).toList();
    List<ArchivedEvent> matching = ofRun.stream().filter(e -> ArchivePaths.key(e.path()).equals(where)).toList();
    if (matching.isEmpty()) {
      String context;
      if (!ofRun.isEmpty()) {
        context = "its run's event names " + ofRun.get(ofRun.size() - 1).path() + " (a copy or a move?)";
      } else if (!ofIndex.isEmpty()) {
        context = "the index's newest event is of " + ofIndex.get(ofIndex.size() - 1).describe();
      } else {
        context = "the index has no index.archived event at all";
      }
      findings.add(new Finding(archive.index(), Problem.ARCHIVE_WITHOUT_EVENT, archive.location(),
          "archive of run " + archive.runId() + " (" + count(archive.rows()) + " rows) has no index.archived event"
              + " naming this path; " + context));
      return;
    }
    matching.stream().map(ArchivedEvent::documents).distinct()
        .filter(documents -> documents != archive.rows())
        .forEach(documents -> findings.add(new Finding(archive.index(), Problem.COUNT_MISMATCH, archive.location(),
            "event of run " + archive.runId() + " says " + count(documents) + " documents, the manifest has "
                + count(archive.rows()) + " rows")));
  }

  private static void checkFiles(CommittedArchive archive, List<Finding> findings) {
    boolean complete = true;
    for (Map.Entry<String, Long> listed : new TreeMap<>(archive.listedFiles()).entrySet()) {
      String name = listed.getKey();
      String error = archive.unreadableFiles().get(name);
      if (error != null) {
        complete = false;
        findings.add(new Finding(archive.index(), Problem.UNREADABLE_ARCHIVE, archive.location(),
            "cannot read the Parquet footer of " + name + ": " + error));
      } else if (!archive.footerRows().containsKey(name)) {
        complete = false;
        findings.add(new Finding(archive.index(), Problem.MISSING_FILE, archive.location(),
            name + " (" + count(listed.getValue()) + " rows in the manifest) is missing"));
      }
    }
    if (complete) {
      long footerSum = archive.listedFiles().keySet().stream().mapToLong(archive.footerRows()::get).sum();
      if (footerSum != archive.rows()) {
        String perFile = new TreeMap<>(archive.listedFiles()).entrySet().stream()
            .filter(listed -> !Objects.equals(listed.getValue(), archive.footerRows().get(listed.getKey())))
            .map(listed -> listed.getKey() + ": listed " + count(listed.getValue()) + ", footer "
                + count(archive.footerRows().get(listed.getKey())))
            .collect(Collectors.joining("; "));
        findings.add(new Finding(archive.index(), Problem.COUNT_MISMATCH, archive.location(),
            "the manifest has " + count(archive.rows()) + " rows, the Parquet footers of its "
                + archive.listedFiles().size() + " files hold " + count(footerSum)
                + (perFile.isEmpty() ? "" : " (" + perFile + ")")));
      }
    }
    new TreeMap<>(archive.footerRows()).forEach((name, rows) -> {
      if (!archive.listedFiles().containsKey(name)) {
        findings.add(new Finding(archive.index(), Problem.UNLISTED_FILE, archive.location(),
            name + " (" + count(rows) + " rows) is not listed in the manifest, but query engines read it"));
      }
    });
    new TreeMap<>(archive.unreadableFiles()).forEach((name, error) -> {
      if (!archive.listedFiles().containsKey(name)) {
        findings.add(new Finding(archive.index(), Problem.UNLISTED_FILE, archive.location(),
            name + " is not listed in the manifest and its footer cannot be read: " + error));
      }
    });
  }

  private static void checkNewestEvent(String job, ArchivedEvent newest, Map<String, InspectedArchive> archivesByPath,
      List<Finding> findings) {
    InspectedArchive atPath = archivesByPath.get(ArchivePaths.key(newest.path()));
    if (atPath instanceof UnreadableArchive) {
      return; // reported as unreadable
    }
    Optional<String> mismatch;
    if (atPath == null) {
      mismatch = Optional.of("no committed archive there");
    } else {
      CommittedArchive archive = (CommittedArchive) atPath;
      if (!archive.job().equals(job)) {
        mismatch = Optional.of("it holds an archive of job " + archive.job());
      } else if (!archive.index().equals(newest.index())) {
        mismatch = Optional.of("it holds the archive of index " + archive.index());
      } else if (!archive.runId().equals(newest.runId())) {
        mismatch = Optional.of("it holds the archive of run " + archive.runId());
      } else {
        mismatch = Optional.empty();
      }
    }
    mismatch.ifPresent(why -> findings.add(new Finding(newest.index(), Problem.EVENT_WITHOUT_ARCHIVE, newest.path(),
        "the index's newest index.archived event (" + newest.describe() + ", " + count(newest.documents())
            + " documents) names this path: " + why)));
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
