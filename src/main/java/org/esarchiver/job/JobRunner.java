package org.esarchiver.job;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.esarchiver.config.ConfigException;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.events.EventPublisher;
import org.esarchiver.lifecycle.PostArchiveActions;
import org.esarchiver.lifecycle.ReadGuards;
import org.esarchiver.selection.Candidate;
import org.esarchiver.selection.IndexSelector;
import org.esarchiver.selection.Selection;
import org.esarchiver.selection.SelectionRules;
import org.esarchiver.selection.Skipped;
import org.esarchiver.selection.Window;
import org.esarchiver.sink.ArchiveLayout;
import org.esarchiver.sink.ArchiveSink;
import org.esarchiver.source.ElasticsearchCatalog;
import org.esarchiver.state.JobLocks;
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
  private final ReadGuards guards;
  private final JobLocks locks;
  private final IndexRun indexRun;
  private final Clock clock;

  public JobRunner(ElasticsearchCatalog catalog, IndexSelector selector, IndexArchiver archiver, ArchiveSink sink,
      ReadGuards guards, PostArchiveActions actions, JobLocks locks, EventPublisher events, Clock clock) {
    this.catalog = catalog;
    this.selector = selector;
    this.archiver = archiver;
    this.sink = sink;
    this.guards = guards;
    this.locks = locks;
    this.indexRun = new IndexRun(archiver, sink, guards, actions, events, clock);
    this.clock = clock;
  }

  /** The archiver of single indices, for tests in this package that reach into it between write and verify. */
  IndexArchiver archiver() {
    return archiver;
  }

  public Plan plan(JobDefinition job) {
    return plan(job, Window.BY_AGE);
  }

  public Plan plan(JobDefinition job, Window window) {
    Selection selection = selector.select(SelectionRules.of(job), catalog.snapshot(), catalog::newestValue, window);
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
      boolean archived = false;
      List<String> schemaConflicts = List.of();
      try {
        archived = sink.committedManifest(path).isPresent();
        if (!archived && conflict.isEmpty()) {
          schemaConflicts = archiver.schemaConflicts(job, candidate.name());
        }
      } catch (RuntimeException e) {
        // one odd index fails on its own, not the whole plan
        conflict = conflict.or(() -> Optional.of("cannot check the destination " + path + " or the schema: "
            + e.getMessage()));
      }
      due.add(new PlannedIndex(candidate, path, archived, conflict, schemaConflicts));
    }
    Set<String> archivedSkipped = new HashSet<>();
    for (Skipped skipped : selection.skipped()) {
      try {
        if (skipped.date().isPresent()
            && sink.committedManifest(layout.render(job.name(), skipped.name(), skipped.date().get())).isPresent()) {
          archivedSkipped.add(skipped.name());
        }
      } catch (RuntimeException e) {
        LOG.warn("{}: cannot check whether it is archived: {}", skipped.name(), e.getMessage());
      }
    }
    return new Plan(job, window, due, selection.skipped(), archivedSkipped);
  }

  /** Archives what is due now; {@code onlyIndices}, when not empty, restricts the run to those indices. */
  public RunReport run(JobDefinition job, boolean dryRun, Set<String> onlyIndices, ProgressListener progress) {
    return run(job, RunOptions.byAge(dryRun, onlyIndices), progress);
  }

  /**
   * Archives what is due (by age, or within a backfill's range). One run of a job at a time: a second one fails at
   * once with {@link JobLocks.Busy}. Indices whose archive exists are skipped, unless {@code force}.
   */
  public RunReport run(JobDefinition job, RunOptions options, ProgressListener progress) {
    try (JobLocks.Held lock = options.dryRun() ? () -> { } : locks.acquire(job.name())) {
      Plan plan = plan(job, options.window());
      List<PlannedIndex> due = restrict(plan, options.onlyIndices());
      String runId = RUN_ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
      LOG.info("run {} of job {} ({}): {} due, {} skipped by the rules", runId, job.name(), options.window(),
          due.size(), plan.skipped().size());
      if (!options.dryRun()) {
        Set<String> toArchive = new HashSet<>();
        due.stream().filter(p -> options.force() || !p.alreadyArchived()).forEach(p -> toArchive.add(p.name()));
        guards.recover(job.name(), toArchive, path -> sink.committedManifest(path).isPresent())
            .forEach(line -> LOG.warn("{}", line));
      }
      List<IndexOutcome> outcomes = new ArrayList<>();
      for (PlannedIndex planned : due) {
        IndexOutcome outcome = options.dryRun() ? dryRunOutcome(job, planned, options.force())
            : indexRun.run(job, planned, runId, options.force(), progress);
        progress.indexFinished(outcome);
        outcomes.add(outcome);
      }
      return new RunReport(job.name(), runId, options.dryRun(), outcomes);
    }
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

  private IndexOutcome dryRunOutcome(JobDefinition job, PlannedIndex planned, boolean force) {
    String path = sink.describe(planned.path());
    if (planned.conflict().isPresent()) {
      return IndexOutcome.failed(planned.name(), path, 0, planned.conflict().get());
    }
    if (planned.alreadyArchived() && !force) {
      return IndexOutcome.skipped(planned.name(), path, "already archived");
    }
    IndexOutcome outcome = IndexOutcome.wouldArchive(planned.name(), path, planned.candidate().index().docCount());
    if (planned.alreadyArchived()) {
      outcome = outcome.withNote("replacing the earlier archive");
    }
    String after = PostArchiveActions.preview(job.lifecycle().afterArchive());
    return after == null ? outcome : outcome.withNote(after);
  }
}
