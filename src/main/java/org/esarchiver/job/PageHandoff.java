package org.esarchiver.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The pages a slice's reading thread hands to its writing thread, so that reading (HTTP, JSON parsing, conversion)
 * overlaps with writing. At most {@code capacity} pages wait, which bounds the memory a slice holds. Either side may
 * give up: the reader {@link #finish}es (also when it fails), the writer {@link #stop}s, which makes a waiting or later
 * {@link #put} throw instead of blocking for ever.
 */
final class PageHandoff<T> {
  private final List<T> end = new ArrayList<>(0);

  private final BlockingQueue<List<T>> queue;
  private volatile boolean stopped;

  PageHandoff(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Reader side: waits while {@code capacity} pages are waiting; throws once the writer stopped. */
  void put(List<T> page) {
    if (!offer(page)) {
      throw new WriterStopped();
    }
  }

  /** Reader side: no more pages (the read ended or failed). */
  void finish() {
    offer(end);
  }

  /** Writer side: the next page, or null after the last one. */
  List<T> take() throws InterruptedException {
    List<T> page = queue.take();
    return page == end ? null : page;
  }

  /** Writer side: no more pages are wanted; the reader's next {@link #put} throws, and waiting pages are dropped. */
  void stop() {
    stopped = true;
    queue.clear();
  }

  private boolean offer(List<T> page) {
    try {
      while (!stopped) {
        if (queue.offer(page, 100, TimeUnit.MILLISECONDS)) {
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
