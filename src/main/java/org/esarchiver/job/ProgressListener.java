package org.esarchiver.job;

/** Follows a run as it goes; called from reader threads, so implementations must be thread-safe. */
public interface ProgressListener {
  void indexStarted(String index, long totalDocuments);

  /** {@code delta} may be negative when a slice is read again from the start. */
  void documentsWritten(String index, long delta);

  void indexFinished(IndexOutcome outcome);

  ProgressListener NONE = new ProgressListener() {
    @Override
    public void indexStarted(String index, long totalDocuments) {}

    @Override
    public void documentsWritten(String index, long delta) {}

    @Override
    public void indexFinished(IndexOutcome outcome) {}
  };
}
