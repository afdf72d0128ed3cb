package org.esarchiver.cli;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.esarchiver.job.IndexOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress where there is no terminal (cron, CI, files): a log line per index every few seconds. */
final class LogProgress implements RunCommand.ConsoleProgress {
  private static final Logger LOG = LoggerFactory.getLogger("org.esarchiver.progress");
  private static final long INTERVAL_NANOS = 10_000_000_000L;

  private final Map<String, Tracker> trackers = new ConcurrentHashMap<>();

  private static final class Tracker {
    final long total;
    final long startNanos = System.nanoTime();
    final AtomicLong done = new AtomicLong();
    final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime());

    Tracker(long total) {
      this.total = total;
    }
  }

  @Override
  public void indexStarted(String index, long totalDocuments) {
    trackers.put(index, new Tracker(totalDocuments));
  }

  @Override
  public void documentsWritten(String index, long delta) {
    Tracker tracker = trackers.get(index);
    if (tracker == null) {
      return;
    }
    long done = tracker.done.addAndGet(delta);
    long now = System.nanoTime();
    long last = tracker.lastLogNanos.get();
    if (now - last >= INTERVAL_NANOS && tracker.lastLogNanos.compareAndSet(last, now)) {
      double seconds = (now - tracker.startNanos) / 1e9;
      double rate = done / Math.max(seconds, 1e-3);
      long etaSeconds = rate > 0 ? (long) ((tracker.total - done) / rate) : -1;
      LOG.info(String.format(Locale.ROOT, "%s: %,d of %,d documents (%.0f%%), %.0f docs/s, ETA %s", index, done,
          tracker.total, tracker.total == 0 ? 100.0 : 100.0 * done / tracker.total, rate,
          etaSeconds < 0 ? "unknown" : etaSeconds + " s"));
    }
  }

  @Override
  public void indexFinished(IndexOutcome outcome) {
    trackers.remove(outcome.index());
  }

  @Override
  public void close() {
    trackers.clear();
  }
}
