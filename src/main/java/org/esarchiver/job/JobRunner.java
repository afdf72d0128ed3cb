package org.esarchiver.job;

import java.time.Clock;
import java.time.Duration;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.esarchiver.config.ConfigException;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.events.EventPublisher;
import org.esarchiver.events.RunFinished;
import org.esarchiver.events.RunStarted;
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
import org.esarchiver.state.RunHistory;
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
  private final RunHistory history;
  private final EventPublisher events;
  private final IndexRun indexRun;
  private final String node;
  private final Clock clock;

  public JobRunner(ElasticsearchCatalog catalog, IndexSelector selector, IndexArchiver archiver, ArchiveSink sink,
      ReadGuards guards, PostArchiveActions actions, RunHistory history, EventPublisher events, String node,
      Clock clock) {
    this.catalog = catalog;
    this.selector = selector;
    this.archiver = archiver;
    this.sink = sink;
    this.guards = guards;
    this.history = history;
    this.events = events;
    this.indexRun = new IndexRun(archiver, sink, guards, actions, events, clock);
    this.node = node;
    this.clock = clock;
  }

  /**
   * The note of an index that an aborted run did not start (it fails, its problem saying why): untouched, nothing of it
   * read or written.
   */
  public static final String NOT_STARTED = "not started";

  /** A run that has begun: its id, and the indices it works on (empty when nothing is due). */
  public record StartedRun(String runId, List<String> indices, boolean resumed) {}

  /** The archiver of single indices, for tests in this package that reach into it between write and verify. */
  IndexArchiver archiver() {
    return archiver;
  }

  public Plan plan(JobDefinition job) {
    return plan(job, Window.BY_AGE);
  }

  public Plan plan(JobDefinition job, Window window) {
    return plan(job, window, Set.of());
  }

  /** The plan, with the due indices restricted to {@code onlyIndices} when that is not empty. */
  private Plan plan(JobDefinition job, Window window, Set<String> onlyIndices) {
    Selection selection = selector.select(SelectionRules.of(job), catalog.snapshot(), catalog::newestValue, window);
    ArchiveLayout layout = new ArchiveLayout(job.destination());
    Map<String, List<String>> indicesByPath = new HashMap<>();
    for (Candidate candidate : selection.due()) {
      indicesByPath.computeIfAbsent(layout.render(job.name(), candidate.name(), candidate.date()), p -> new ArrayList<>())
          .add(candidate.name());
    }
    List<PlannedIndex> due = new ArrayList<>();
    for (Candidate candidate : selection.due()) {
      if (!onlyIndices.isEmpty() && !onlyIndices.contains(candidate.name())) {
        continue;
      }
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
   * Archives what is due (by age, or within a backfill's range), in this process, one index after the other. One run
   * of a job at a time: a second one fails at once with {@link RunHistory.Busy}. Indices whose archive exists are
   * skipped, unless {@code force}.
   */
  public RunReport run(JobDefinition job, RunOptions options, ProgressListener progress) {
    return run(job, options, progress, new AbortSwitch());
  }

  /**
   * As {@link #run(JobDefinition, RunOptions, ProgressListener)}, stopped by {@code abort}: the index being archived
   * then fails before its commit, and the indices not reached yet fail without being touched. Either way each gets
   * its failure event and history record, and the run finishes as failed.
   */
  public RunReport run(JobDefinition job, RunOptions options, ProgressListener progress, AbortSwitch abort) {
    if (options.dryRun()) {
      Plan plan = plan(job, options.window());
      List<IndexOutcome> outcomes = new ArrayList<>();
      for (PlannedIndex planned : restrict(plan, options.onlyIndices())) {
        IndexOutcome outcome = dryRunOutcome(job, planned, options.force());
        progress.indexFinished(outcome);
        outcomes.add(outcome);
      }
      return new RunReport(job.name(), newRunId(), true, outcomes);
    }
    StartedRun run = begin(job, options, RunHistory.Kind.CLI, Optional.empty());
    ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "run-heartbeat");
      thread.setDaemon(true);
      return thread;
    });
    heartbeat.scheduleAtFixedRate(() -> beat(run.runId()), RunHistory.HEARTBEAT.toSeconds(),
        RunHistory.HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
    List<IndexOutcome> outcomes = new ArrayList<>();
    try {
      for (String index : run.indices()) {
        IndexOutcome outcome = abort.reason().isPresent()
            ? notStarted(job, run.runId(), index, abort.reason().get())
            : archiveIndex(job, run.runId(), options.window(), index, options.force(), abort.guard(progress));
        progress.indexFinished(outcome);
        outcomes.add(outcome);
      }
    } catch (RuntimeException e) {
      history.finish(run.runId(), "failed", e.getMessage());
      throw e;
    } finally {
      heartbeat.shutdownNow();
    }
    finishIfDone(job, run.runId());
    return new RunReport(job.name(), run.runId(), false, outcomes);
  }

  /**
   * Starts a run: registers it (or, for a scheduler fire seen before, finds the run it started), queues its due
   * indices in the run history, recovers read holds of runs that died, and announces it. The indices are then archived
   * with {@link #archiveIndex}, here or on other nodes.
   */
  public StartedRun begin(JobDefinition job, RunOptions options, RunHistory.Kind kind, Optional<String> fireKey) {
    String runId = newRunId();
    RunHistory.RunRecord record = history.begin(runId, job.name(), kind, node, options.window().toString(), fireKey);
    if (!record.runId().equals(runId)) {
      List<String> unfinished = history.unfinished(record.runId());
      LOG.info("run {} of job {} resumed: {} indices not finished", record.runId(), job.name(), unfinished.size());
      return new StartedRun(record.runId(), unfinished, true);
    }
    try {
      Plan plan = plan(job, options.window());
      List<PlannedIndex> due = restrict(plan, options.onlyIndices());
      LOG.info("run {} of job {} ({}): {} due, {} skipped by the rules", runId, job.name(), options.window(),
          due.size(), plan.skipped().size());
      Set<String> toArchive = new HashSet<>();
      due.stream().filter(p -> options.force() || !p.alreadyArchived()).forEach(p -> toArchive.add(p.name()));
      guards.recover(job.name(), toArchive, path -> sink.committedManifest(path).isPresent())
          .forEach(line -> LOG.warn("{}", line));
      List<String> indices = due.stream().map(PlannedIndex::name).toList();
      history.queue(runId, indices);
      events.publish(new RunStarted(job.name(), runId, clock.instant(), kind.label(),
          options.window().toString(), indices));
      return new StartedRun(runId, indices, false);
    } catch (RuntimeException e) {
      history.finish(runId, "failed", e.getMessage());
      throw e;
    }
  }

  /**
   * Archives one index of a run (planned again, so any node can do it) and records the outcome. The last index of a
   * run to finish also finishes the run.
   */
  public IndexOutcome archiveIndex(JobDefinition job, String runId, Window window, String index, boolean force,
      ProgressListener progress) {
    history.indexStarted(runId, index, node);
    IndexOutcome outcome;
    try {
      Plan plan = plan(job, window, Set.of(index));
      outcome = plan.due().isEmpty()
          ? IndexOutcome.skipped(index, "-", "no longer due: " + plan.skipped().stream()
              .filter(s -> s.name().equals(index)).map(Skipped::reason).findFirst().orElse("not found"))
          : indexRun.run(job, plan.due().get(0), runId, force, progress);
    } catch (RuntimeException e) {
      outcome = IndexOutcome.failed(index, "-", 0, IndexRun.errorText(index, e));
    }
    history.indexFinished(runId, outcome, node);
    return outcome;
  }

  private IndexOutcome notStarted(JobDefinition job, String runId, String index, String reason) {
    history.indexStarted(runId, index, node);
    IndexOutcome outcome = indexRun.notStarted(job, index, runId, reason).withNote(NOT_STARTED);
    history.indexFinished(runId, outcome, node);
    return outcome;
  }

  /** Finishes the run if none of its indices is left, and announces it; returns whether this call finished it. */
  public boolean finishIfDone(JobDefinition job, String runId) {
    Optional<RunHistory.RunRecord> finished = history.finishIfDone(runId);
    if (finished.isEmpty()) {
      return false;
    }
    RunHistory.RunRecord run = finished.get();
    List<RunHistory.IndexRecord> indices = history.indices(runId);
    events.publish(new RunFinished(job.name(), runId, clock.instant(), run.status(),
        count(indices, "archived"), count(indices, "skipped"), count(indices, "failed"),
        indices.stream().mapToLong(RunHistory.IndexRecord::documents).sum(),
        indices.stream().mapToLong(RunHistory.IndexRecord::bytes).sum(),
        Duration.between(run.started(), run.finished().orElse(clock.instant())).toMillis() / 1000.0));
    LOG.info("run {} of job {} finished: {}", runId, job.name(), run.status());
    return true;
  }

  private static long count(List<RunHistory.IndexRecord> indices, String status) {
    return indices.stream().filter(i -> i.status().equals(status)).count();
  }

  private void beat(String runId) {
    try {
      history.heartbeat(runId);
    } catch (RuntimeException e) {
      LOG.warn("run {}: {}", runId, e.getMessage());
    }
  }

  private String newRunId() {
    return RUN_ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
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
