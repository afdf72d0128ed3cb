package org.esarchiver.job;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The pages one stage of a slice hands to the next (fetched pages to the converter, converted ones to the writer), so
 * that the stages overlap. At most {@code capacity} pages wait, which bounds the memory a slice holds. Either side may
 * give up: the reader {@link #finish}es (also when it fails), the writer {@link #stop}s, which makes a waiting or later
 * {@link #put} throw and a waiting {@link #take} return, instead of blocking for ever.
 */
final class PageHandoff<P> {
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue;
  private volatile boolean stopped;

  PageHandoff(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Reader side: waits while {@code capacity} pages are waiting; throws once the writer stopped. */
  void put(P page) {
    if (!offer(page)) {
      throw new WriterStopped();
    }
  }

  /** Reader side: no more pages (the read ended or failed). */
  void finish() {
    offer(END);
  }

  /** Writer side: the next page, or null after the last one or once {@link #stop}ped. */
  @SuppressWarnings("unchecked") // only put() adds, apart from END
  P take() throws InterruptedException {
    while (!stopped) {
      Object page = queue.poll(100, TimeUnit.MILLISECONDS);
      if (page != null) {
        return page == END ? null : (P) page;
      }
    }
    return null;
  }

  /**
   * No more pages are wanted: the reader's next {@link #put} throws, a waiting {@link #take} returns null, and waiting
   * pages are dropped. Called by the writer, or by a reader that failed (to stop a taker that would wait for ever).
   */
  void stop() {
    stopped = true;
    queue.clear();
  }

  private boolean offer(Object page) {
    try {
      while (!stopped) {
        if (queue.offer(page, 100, TimeUnit.MILLISECONDS)) {
          if (stopped) { // stopped while this page was being put: not wanted either
            queue.clear();
            return false;
          }
          return true;
        }
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Ends a read whose pages are no longer wanted. */
  static final class WriterStopped extends RuntimeException {
    WriterStopped() {
      super("the slice's writer stopped", null, false, false);
    }
  }
}
