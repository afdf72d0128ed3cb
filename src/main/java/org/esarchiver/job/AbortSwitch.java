package org.esarchiver.job;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A request to stop archiving, shared by the scheduler (a stop whose grace period ended) and a command-line run
 * (SIGTERM, SIGINT). Once it is thrown, the index being archived fails within its next few hundred documents, before its
 * commit (its staging directory is removed, its write block restored, {@code index.failed} stored), and a run does not
 * start the indices it has not reached.
 */
public final class AbortSwitch {
  private final AtomicReference<String> reason = new AtomicReference<>();

  /** Throws the switch; {@code why} ends up in the failure of each index ("the scheduler ... is stopping"). */
  public void abort(String why) {
    reason.compareAndSet(null, why);
  }

  public Optional<String> reason() {
    return Optional.ofNullable(reason.get());
  }

  /** {@code delegate}, checking the switch each time the archive reports progress (every few hundred documents). */
  public ProgressListener guard(ProgressListener delegate) {
    return new ProgressListener() {
      @Override
      public void indexStarted(String index, long totalDocuments) {
        check(index);
        delegate.indexStarted(index, totalDocuments);
      }

      @Override
      public void documentsWritten(String index, long delta) {
        check(index);
        delegate.documentsWritten(index, delta);
      }

      @Override
      public void indexFinished(IndexOutcome outcome) {
        delegate.indexFinished(outcome);
      }
    };
  }

  /** The failure of an index that this switch stopped. */
  public String failure(String index) {
    return index + ": aborted: " + reason.get() + "; nothing was committed";
  }

  private void check(String index) {
    if (reason.get() != null) {
      throw new ArchiveFailure(failure(index));
    }
  }
}
