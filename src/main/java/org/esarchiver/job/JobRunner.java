package org.esarchiver.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.esarchiver.config.ConfigException;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.events.ArchiveEvent;
import org.esarchiver.events.EventPublisher;
import org.esarchiver.events.IndexArchived;
import org.esarchiver.events.IndexFailed;
import org.esarchiver.events.IndexSkipped;
import org.esarchiver.selection.Candidate;
import org.esarchiver.selection.IndexSelector;
import org.esarchiver.selection.Selection;
import org.esarchiver.selection.Skipped;
import org.esarchiver.sink.ArchiveLayout;
import org.esarchiver.sink.ArchiveSink;
import org.esarchiver.sink.Manifest;
import org.esarchiver.source.ElasticsearchCatalog;
import org.esarchiver.source.SourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a job: plans the due indices, archives them one after the other, and announces each outcome. */
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private final ElasticsearchCatalog catalog;
  private final IndexSelector selector;
  private final IndexArchiver archiver;
  private final ArchiveSink sink;
  private final EventPublisher events;
  private final Clock clock;

  public JobRunner(ElasticsearchCatalog catalog, IndexSelector selector, IndexArchiver archiver, ArchiveSink sink,
      EventPublisher events, Clock clock) {
    this.catalog = catalog;
    this.selector = selector;
    this.archiver = archiver;
    this.sink = sink;
    this.events = events;
    this.clock = clock;
  }

  public Plan plan(JobDefinition job) {
    Selection selection = selector.select(job.age(), catalog.indices(job.indexPatterns()));
    ArchiveLayout layout = new ArchiveLayout(job.destination());
    Map<String, List<String>> indicesByPath = new HashMap<>();
    for (Candidate candidate : selection.due()) {
      indicesByPath.computeIfAbsent(layout.render(job.name(), candidate.name(), candidate.date()), p -> new ArrayList<>())
          .add(candidate.name());
    }
    List<PlannedIndex> due = new ArrayList<>();
    for (Candidate candidate : selection.due()) {
      String path = layout.render(job.name(), candidate.name(), candidate.date());
      List<String> sharing = indicesByPath.get(path);
      Optional<String> conflict = sharing.size() > 1
          ? Optional.of("indices " + String.join(", ", sharing) + " would all be archived to " + path
              + "; add {index} to destination in " + job.file())
          : Optional.empty();
      boolean archived = sink.committedManifest(path).isPresent();
      List<String> schemaConflicts = archived || conflict.isPresent()
          ? List.of() : archiver.schemaConflicts(job, candidate.name());
      due.add(new PlannedIndex(candidate, path, archived, conflict, schemaConflicts));
    }
    return new Plan(job, due, selection.skipped());
  }

  /** Archives what is due now; {@code onlyIndices}, when not empty, restricts the run to those indices. */
  public RunReport run(JobDefinition job, boolean dryRun, Set<String> onlyIndices, ProgressListener progress) {
    Plan plan = plan(job);
    List<PlannedIndex> due = restrict(plan, onlyIndices);
    String runId = RUN_ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    LOG.info("run {} of job {}: {} due, {} skipped by the age rule", runId, job.name(), due.size(),
        plan.skipped().size());
    List<IndexOutcome> outcomes = new ArrayList<>();
    for (PlannedIndex planned : due) {
      IndexOutcome outcome = dryRun ? dryRunOutcome(planned) : archiveAndAnnounce(job, planned, runId, progress);
      progress.indexFinished(outcome);
      outcomes.add(outcome);
    }
    return new RunReport(job.name(), runId, dryRun, outcomes);
  }

  private List<PlannedIndex> restrict(Plan plan, Set<String> onlyIndices) {
    if (onlyIndices.isEmpty()) {
      return plan.due();
    }
    Set<String> unknown = new LinkedHashSet<>(onlyIndices);
    plan.due().forEach(p -> unknown.remove(p.name()));
    for (Skipped skipped : plan.skipped()) {
      if (unknown.remove(skipped.name())) {
        LOG.warn("{} is not due: {}", skipped.name(), skipped.reason());
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException("--index " + String.join(", ", unknown) + ": no such index matches the patterns "
          + plan.job().indexPatterns() + " of job " + plan.job().name());
    }
    return plan.due().stream().filter(p -> onlyIndices.contains(p.name())).toList();
  }

  private IndexOutcome dryRunOutcome(PlannedIndex planned) {
    String path = sink.describe(planned.path());
    if (planned.conflict().isPresent()) {
      return IndexOutcome.failed(planned.name(), path, 0, planned.conflict().get());
    }
    return planned.alreadyArchived()
        ? IndexOutcome.skipped(planned.name(), path, "already archived")
        : IndexOutcome.wouldArchive(planned.name(), path, planned.candidate().index().docCount());
  }

  private IndexOutcome archiveAndAnnounce(JobDefinition job, PlannedIndex planned, String runId,
      ProgressListener progress) {
    String path = sink.describe(planned.path());
    Instant started = clock.instant();
    IndexOutcome outcome;
    ArchiveEvent event;
    if (planned.alreadyArchived()) {
      LOG.info("{}: already archived at {}, skipped", planned.name(), path);
      outcome = IndexOutcome.skipped(planned.name(), path, "already archived");
      event = new IndexSkipped(job.name(), runId, planned.name(), clock.instant(), "already archived",
          path + "/" + Manifest.FILE_NAME);
    } else {
      try {
        if (planned.conflict().isPresent()) {
          throw new ArchiveFailure(planned.conflict().get());
        }
        LOG.info("{}: archiving to {}", planned.name(), path);
        Manifest manifest = archiver.archive(job, planned, runId, progress);
        outcome = IndexOutcome.archived(planned.name(), path, manifest.rows(), manifest.bytes(),
            manifest.files().size(), manifest.seconds());
        event = new IndexArchived(job.name(), runId, planned.name(), clock.instant(), manifest.rows(),
            manifest.bytes(), manifest.files(), path, path + "/" + Manifest.FILE_NAME, manifest.schemaFingerprint(),
            manifest.overflowValues(), manifest.overflowDocuments(), manifest.schemaConflicts(), manifest.seconds());
        LOG.info("{}: archived {} documents into {} files ({} bytes) in {} s; {} values in {} documents kept in "
            + "_overflow", planned.name(), manifest.rows(), manifest.files().size(), manifest.bytes(),
            manifest.seconds(), manifest.overflowValues(), manifest.overflowDocuments());
      } catch (RuntimeException e) {
        double seconds = Duration.between(started, clock.instant()).toMillis() / 1000.0;
        String error = errorText(planned.name(), e);
        LOG.error("{}: failed: {}", planned.name(), error);
        LOG.debug("{}: failure detail", planned.name(), e);
        outcome = IndexOutcome.failed(planned.name(), path, seconds, error);
        event = new IndexFailed(job.name(), runId, planned.name(), clock.instant(), error, seconds);
      }
    }
    try {
      events.publish(event);
    } catch (RuntimeException e) {
      LOG.error("{}: {}", planned.name(), e.getMessage());
      outcome = outcome.withProblem(e.getMessage());
    }
    return outcome;
  }

  private static String errorText(String index, RuntimeException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    boolean known = e instanceof ArchiveFailure || e instanceof SourceException
        || e instanceof org.esarchiver.sink.SinkException || e instanceof org.esarchiver.convert.ConversionException;
    return known && message.contains(index) ? message : index + ": " + message;
  }
}
