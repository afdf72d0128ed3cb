package org.esarchiver.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.config.PostArchiveAction;
import org.esarchiver.convert.ConversionException;
import org.esarchiver.events.ArchiveEvent;
import org.esarchiver.events.EventPublisher;
import org.esarchiver.events.IndexActionApplied;
import org.esarchiver.events.IndexArchived;
import org.esarchiver.events.IndexFailed;
import org.esarchiver.events.IndexSkipped;
import org.esarchiver.lifecycle.PostArchiveActions;
import org.esarchiver.lifecycle.ReadGuards;
import org.esarchiver.sink.ArchiveSink;
import org.esarchiver.sink.Manifest;
import org.esarchiver.sink.SinkException;
import org.esarchiver.sink.TimeRange;
import org.esarchiver.source.SourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One due index in one run, in the order that makes deleting it safe:
 *
 * <ol>
 *   <li>clean up what runs that died left beside its destination (and say so on the audit topic);
 *   <li>hold the index for reading (write block, opened if closed), journaled in the state directory;
 *   <li>archive it: read, write, verify, commit; on failure the hold is undone and nothing is committed;
 *   <li>announce the archive: the event is stored in the outbox (durably) before anything else happens;
 *   <li>only then apply the job's after_archive action, and announce that too.
 * </ol>
 */
final class IndexRun {
  private static final Logger LOG = LoggerFactory.getLogger(IndexRun.class);
  private static final String TIMESTAMP_FIELD = "@timestamp";

  private final IndexArchiver archiver;
  private final ArchiveSink sink;
  private final ReadGuards guards;
  private final PostArchiveActions actions;
  private final EventPublisher events;
  private final Clock clock;

  IndexRun(IndexArchiver archiver, ArchiveSink sink, ReadGuards guards, PostArchiveActions actions,
      EventPublisher events, Clock clock) {
    this.archiver = archiver;
    this.sink = sink;
    this.guards = guards;
    this.actions = actions;
    this.events = events;
    this.clock = clock;
  }

  IndexOutcome run(JobDefinition job, PlannedIndex planned, String runId, boolean force, ProgressListener progress) {
    String index = planned.name();
    String path = sink.describe(planned.path());
    String manifestPath = path + "/" + Manifest.FILE_NAME;
    Instant started = clock.instant();
    if (planned.conflict().isPresent()) {
      return failed(job, index, path, runId, started, planned.conflict().get());
    }
    Cleanup cleanup;
    try {
      cleanup = cleanLeftovers(job, planned, runId);
    } catch (RuntimeException e) {
      return failed(job, index, path, runId, started, errorText(index, e));
    }
    Optional<String> leftoverProblem = cleanup.problem();
    boolean alreadyArchived = planned.alreadyArchived() || cleanup.restoredArchive();
    if (alreadyArchived && !force) {
      LOG.info("{}: already archived at {}, skipped", index, path);
      IndexOutcome skipped = IndexOutcome.skipped(index, path, "already archived");
      return publish(new IndexSkipped(job.name(), runId, index, clock.instant(), "already archived", manifestPath),
          leftoverProblem.map(skipped::withProblem).orElse(skipped));
    }

    ReadGuards.Guard guard;
    Manifest manifest;
    try {
      guard = guards.prepare(job.name(), planned.candidate().index(), planned.path(), job.lifecycle(), runId);
    } catch (RuntimeException e) {
      return failed(job, index, path, runId, started, index + ": cannot prepare the index for reading: "
          + errorText(index, e));
    }
    try {
      LOG.info("{}: {} to {}", index, alreadyArchived ? "archiving again (--force)" : "archiving", path);
      manifest = archiver.archive(job, planned, runId, alreadyArchived, progress);
    } catch (RuntimeException e) {
      String error = errorText(index, e);
      try {
        if (committedBy(planned, runId)) {
          // failed after its commit (a job-wide file, say): the archive is complete, so the hold stays like one
          guard.release(false);
          error += " (after the archive was committed at " + path + ")";
        } else {
          guard.restore();
        }
      } catch (RuntimeException restore) {
        error += "; and its settings could not be restored (" + restore.getMessage() + "): the next run retries";
      }
      LOG.debug("{}: failure detail", index, e);
      return failed(job, index, path, runId, started, error);
    }
    LOG.info("{}: archived {} documents into {} files ({} bytes) in {} s; {} values in {} documents kept in "
        + "_overflow", index, manifest.rows(), manifest.files().size(), manifest.bytes(), manifest.seconds(),
        manifest.overflowValues(), manifest.overflowDocuments());
    IndexOutcome archived = IndexOutcome.archived(index, path, manifest.rows(), manifest.bytes(),
        manifest.files().size(), manifest.seconds());
    archived = leftoverProblem.map(archived::withProblem).orElse(archived);
    if (alreadyArchived) {
      archived = archived.withNote("replaced the earlier archive");
    }
    archived = publish(new IndexArchived(job.name(), runId, index, clock.instant(), manifest.rows(), manifest.bytes(),
        manifest.files(), path, manifestPath, manifest.schemaFingerprint(), manifest.overflowValues(),
        manifest.overflowDocuments(), manifest.schemaConflicts(), manifest.seconds(),
        timestampRange(planned, manifest).orElse(null)), archived);
    return afterArchive(job, index, runId, manifestPath, guard, archived);
  }

  /** An index the run did not reach because it was aborted: untouched, announced as failed. */
  IndexOutcome notStarted(JobDefinition job, String index, String runId, String reason) {
    return failed(job, index, "-", runId, clock.instant(), index + ": not started: " + reason);
  }

  /** The after_archive action, only once the archived event is stored in the outbox. */
  private IndexOutcome afterArchive(JobDefinition job, String index, String runId, String manifestPath,
      ReadGuards.Guard guard, IndexOutcome archived) {
    PostArchiveAction action = job.lifecycle().afterArchive();
    boolean closedOrDeleted = false;
    IndexOutcome outcome = archived;
    try {
      if (action != PostArchiveAction.NONE && !archived.ok()) {
        outcome = outcome.withProblem("after_archive " + action.configName() + " not applied: the archived event was "
            + "not stored");
      } else if (action != PostArchiveAction.NONE) {
        String done = actions.apply(action, index);
        closedOrDeleted = action == PostArchiveAction.CLOSE || action == PostArchiveAction.DELETE;
        LOG.info("{}: {} (after_archive: {})", index, done, action.configName());
        outcome = publish(new IndexActionApplied(job.name(), runId, index, clock.instant(), action.configName(),
            manifestPath), outcome.withNote(done));
      }
    } catch (RuntimeException e) {
      LOG.error("{}: after_archive {} failed: {}", index, action.configName(), e.getMessage());
      outcome = outcome.withProblem("after_archive " + action.configName() + " failed: " + e.getMessage());
    }
    try {
      guard.release(closedOrDeleted);
    } catch (RuntimeException e) {
      outcome = outcome.withProblem("cannot close the index again: " + e.getMessage());
    }
    return outcome;
  }

  /** The range of the archive's @timestamp column, for the event; unknown rather than a failure if unreadable. */
  private Optional<TimeRange> timestampRange(PlannedIndex planned, Manifest manifest) {
    String column = manifest.originalNames().entrySet().stream()
        .filter(e -> e.getValue().equals(TIMESTAMP_FIELD)).map(Map.Entry::getKey).findFirst().orElse(null);
    if (column == null) {
      return Optional.empty();
    }
    try {
      return sink.timeRange(planned.path(), column, TIMESTAMP_FIELD);
    } catch (RuntimeException e) {
      LOG.warn("{}: cannot read the {} range of the archive: {}", planned.name(), TIMESTAMP_FIELD, e.getMessage());
      return Optional.empty();
    }
  }

  /** What cleaning up after dead runs did: whether it put an archive back, and a delivery problem, if any. */
  private record Cleanup(boolean restoredArchive, Optional<String> problem) {}

  /**
   * Removes what runs that died left beside the destination, and records each such run's failure on the audit topic
   * (it could not do so itself).
   */
  private Cleanup cleanLeftovers(JobDefinition job, PlannedIndex planned, String runId) {
    Optional<String> problem = Optional.empty();
    boolean restored = false;
    for (ArchiveSink.Leftover leftover : sink.cleanLeftovers(planned.path(), runId)) {
      restored |= leftover.restoredArchive();
      String error = planned.name() + ": run " + leftover.runId() + " did not finish cleanly (its process died, or its "
          + "staging could not be removed); run " + runId + " " + leftover.action() + " " + leftover.path();
      LOG.warn(error);
      IndexOutcome sent = publish(new IndexFailed(job.name(), leftover.runId(), planned.name(), clock.instant(), error,
          0), IndexOutcome.skipped(planned.name(), leftover.path(), "leftover"));
      if (sent.problem().isPresent()) {
        problem = sent.problem();
      }
    }
    return new Cleanup(restored, problem);
  }

  private boolean committedBy(PlannedIndex planned, String runId) {
    try {
      return sink.committedManifest(planned.path()).map(m -> m.runId().equals(runId)).orElse(false);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private IndexOutcome failed(JobDefinition job, String index, String path, String runId, Instant started,
      String error) {
    double seconds = Duration.between(started, clock.instant()).toMillis() / 1000.0;
    LOG.error("{}: failed: {}", index, error);
    return publish(new IndexFailed(job.name(), runId, index, clock.instant(), error, seconds),
        IndexOutcome.failed(index, path, seconds, error));
  }

  private IndexOutcome publish(ArchiveEvent event, IndexOutcome outcome) {
    try {
      events.publish(event);
      return outcome;
    } catch (RuntimeException e) {
      LOG.error("{}: {}", event.subject(), e.getMessage());
      return outcome.withProblem("audit event " + event.type() + " not stored: " + e.getMessage());
    }
  }

  static String errorText(String index, RuntimeException e) {
    Throwable reported = withoutSelfSuppression(e);
    String message = firstLine(reported.getMessage() == null ? reported.toString() : reported.getMessage());
    boolean known = e instanceof ArchiveFailure || e instanceof SourceException || e instanceof SinkException
        || e instanceof ConversionException;
    return known && message.contains(index) ? message : index + ": " + message;
  }

  /**
   * The HDFS output stream throws the same exception instance again when it is closed after a failed write (a space
   * quota exceeded, a DataNode gone), so a try-with-resources around it (Parquet's file writer has one) fails with
   * "Self-suppression not permitted", whose cause is the real error.
   */
  private static Throwable withoutSelfSuppression(Throwable e) {
    Throwable shown = e;
    while (shown instanceof IllegalArgumentException && shown.getCause() != null
        && "Self-suppression not permitted".equals(shown.getMessage())) {
      shown = shown.getCause();
    }
    return shown;
  }

  /** HDFS puts the NameNode's stack trace into the message of a refused call (Permission denied): one line is kept. */
  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline).stripTrailing();
  }
}
