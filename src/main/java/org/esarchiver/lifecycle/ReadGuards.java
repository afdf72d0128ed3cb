package org.esarchiver.lifecycle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.esarchiver.config.Lifecycle;
import org.esarchiver.source.IndexInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an index safe to read before its archive is written: opens it if it is closed (for jobs that include closed
 * indices), sets {@code index.blocks.write} (when the job's write_block is on) and refreshes it, so the documents read
 * are exactly the documents the index holds. What it changed is journaled first (see {@link GuardJournal}).
 */
public final class ReadGuards {
  private static final Logger LOG = LoggerFactory.getLogger(ReadGuards.class);

  private final IndexStates states;
  private final GuardJournal journal;

  public ReadGuards(IndexStates states, Path stateDir) {
    this.states = states;
    this.journal = new GuardJournal(stateDir);
  }

  /**
   * Prepares the index for reading. If an earlier run died while holding it, that run's record of the index's
   * original settings is kept: the block found now is that run's, not the user's.
   */
  public Guard prepare(String job, IndexInfo index, String path, Lifecycle lifecycle, String runId) {
    String name = index.name();
    Optional<GuardJournal.Entry> earlier = journal.read(job, name);
    boolean opened = earlier.map(GuardJournal.Entry::opened).orElse(false) || index.closed();
    String previous = earlier.isPresent() ? earlier.get().previousWriteBlock()
        : lifecycle.writeBlock() ? states.writeBlock(name).map(String::valueOf).orElse(null) : null;
    boolean blocked = lifecycle.writeBlock() || earlier.map(GuardJournal.Entry::blocked).orElse(false);
    GuardJournal.Entry entry = new GuardJournal.Entry(job, name, runId, path, previous, blocked, opened);
    journal.write(entry);
    Guard guard = new Guard(entry);
    try {
      if (index.closed()) {
        LOG.info("{}: opening the closed index to read it (it is closed again afterwards)", name);
        states.open(name);
      }
      if (lifecycle.writeBlock()) {
        states.setWriteBlock(name, Optional.of(true));
      }
      states.refresh(name);
      return guard;
    } catch (RuntimeException e) {
      try {
        guard.restore();
      } catch (RuntimeException restore) {
        e.addSuppressed(restore); // the journal stays; the next run undoes what it can
      }
      throw e;
    }
  }

  /**
   * Undoes what runs that died left on indices this run does not archive: for an index whose archive was committed,
   * only the opening (the block stays, as after any archive); for the others, the block too. Returns one line per
   * index it dealt with.
   */
  public List<String> recover(String job, Set<String> archivedThisRun, Predicate<String> archiveExists) {
    List<String> recovered = new ArrayList<>();
    for (GuardJournal.Entry entry : journal.all(job)) {
      if (archivedThisRun.contains(entry.index())) {
        continue;
      }
      try {
        if (!states.exists(entry.index())) {
          journal.delete(job, entry.index());
          continue;
        }
        Guard guard = new Guard(entry);
        if (entry.path() != null && archiveExists.test(entry.path())) {
          guard.release(false);
          recovered.add(entry.index() + ": archived by run " + entry.runId() + "; its write block stays");
        } else {
          guard.restore();
          recovered.add(entry.index() + ": restored the settings run " + entry.runId() + " changed before it died");
        }
      } catch (RuntimeException e) {
        LOG.warn("{}: cannot undo what run {} changed: {}", entry.index(), entry.runId(), e.getMessage());
      }
    }
    return recovered;
  }

  /** One index held for reading. */
  public final class Guard {
    private final GuardJournal.Entry entry;

    private Guard(GuardJournal.Entry entry) {
      this.entry = entry;
    }

    public String index() {
      return entry.index();
    }

    /** Whether the index was closed before this run (or a run that died) opened it. */
    public boolean opened() {
      return entry.opened();
    }

    /** The archive failed: the write block goes back to what it was, and a closed index is closed again. */
    public void restore() {
      if (entry.blocked()) {
        Optional<Boolean> previous = Optional.ofNullable(entry.previousWriteBlock()).map(Boolean::valueOf);
        states.setWriteBlock(entry.index(), previous);
      }
      if (entry.opened()) {
        states.close(entry.index());
      }
      journal.delete(entry.job(), entry.index());
    }

    /**
     * The index was archived: its write block stays (the archive is what the index holds, and stays so). An index that
     * was closed is closed again unless {@code closedOrDeleted} says the post-archive action already did it.
     */
    public void release(boolean closedOrDeleted) {
      if (entry.opened() && !closedOrDeleted) {
        states.close(entry.index());
      }
      journal.delete(entry.job(), entry.index());
    }
  }
}
