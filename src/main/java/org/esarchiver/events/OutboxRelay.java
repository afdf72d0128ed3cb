package org.esarchiver.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves stored events from the outbox to Kafka on a background thread, oldest first, and marks each delivered once the
 * broker acknowledged it. While Kafka is unreachable it retries with a growing pause (up to 15 s); nothing is dropped.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration IDLE_POLL = Duration.ofSeconds(2);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(15);
  private static final int BATCH = 500;
  /** How long delivered events stay in the outbox (for a look at what was sent), and how often they are removed. */
  static final Duration KEEP_DELIVERED = Duration.ofDays(30);
  private static final long FORGET_EVERY_NANOS = Duration.ofDays(1).toNanos();

  private final Outbox outbox;
  private final KafkaEventPublisher kafka;
  private final String owner;
  private final Object signal = new Object();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile String lastError;
  private boolean woken;
  private long forgotten = System.nanoTime() - FORGET_EVERY_NANOS;

  public OutboxRelay(Outbox outbox, KafkaEventPublisher kafka, String owner) {
    this.outbox = outbox;
    this.kafka = kafka;
    this.owner = owner;
    this.thread = new Thread(this::loop, "audit-outbox-relay");
    this.thread.setDaemon(true);
  }

  public OutboxRelay start() {
    thread.start();
    return this;
  }

  /** Asks the relay to look for new events now. */
  public void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  /** Waits until the outbox is empty, at most {@code timeout}; returns how many events still wait. */
  public long drain(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    wake();
    long pending = outbox.pending();
    while (pending > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      pending = outbox.pending();
    }
    return pending;
  }

  /** Why the last delivery attempt failed, if it did. */
  public String lastError() {
    return lastError;
  }

  private void loop() {
    Duration pause = Duration.ofMillis(500);
    while (running) {
      boolean failed;
      try {
        List<Outbox.Pending> batch = outbox.claim(owner, BATCH, LEASE);
        if (batch.isEmpty()) {
          forgetDeliveredDaily();
          await(IDLE_POLL);
          continue;
        }
        failed = !send(batch);
      } catch (RuntimeException e) {
        LOG.warn("audit outbox: {}", e.getMessage());
        lastError = e.getMessage();
        failed = true;
      }
      if (failed) {
        await(pause);
        pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
      } else {
        pause = Duration.ofMillis(500);
      }
    }
  }

  /** When idle, once at start and then daily: removes the events delivered more than {@link #KEEP_DELIVERED} ago. */
  private void forgetDeliveredDaily() {
    if (System.nanoTime() - forgotten < FORGET_EVERY_NANOS) {
      return;
    }
    forgotten = System.nanoTime();
    int removed = outbox.forgetDelivered(KEEP_DELIVERED);
    if (removed > 0) {
      LOG.info("audit outbox: removed {} events Kafka acknowledged more than {} days ago", removed,
          KEEP_DELIVERED.toDays());
    }
  }

  /** Sends a batch and records each outcome; true if every event was acknowledged. */
  private boolean send(List<Outbox.Pending> batch) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    String error = null;
    for (Outbox.Pending event : batch) {
      if (!running && !sent.isEmpty()) {
        // Stopping: with the broker down each send blocks for max.block.ms; the rest stay in the outbox.
        break;
      }
      try {
        sent.add(kafka.send(event));
      } catch (RuntimeException e) {
        error = e.getMessage();
        break;
      }
    }
    boolean all = true;
    for (int i = 0; i < batch.size(); i++) {
      Outbox.Pending event = batch.get(i);
      if (i >= sent.size() && error == null) {
        all = false; // not sent (stopping): give it back at once, for the next process to send
        outbox.failed(event.seq(), "not sent: the relay stopped");
        continue;
      }
      String failure = i < sent.size() ? await(sent.get(i)) : error;
      if (failure == null) {
        outbox.delivered(event.seq());
      } else {
        all = false;
        lastError = "audit event " + event.eventId() + " not delivered to topic " + event.topic() + ": " + failure;
        outbox.failed(event.seq(), failure);
      }
    }
    if (all) {
      lastError = null;
    } else {
      LOG.warn("{} (kept in the outbox, retried until Kafka takes it)", lastError);
    }
    return all;
  }

  private static String await(Future<RecordMetadata> ack) {
    try {
      ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (ExecutionException e) {
      return String.valueOf(e.getCause().getMessage());
    } catch (TimeoutException e) {
      return "no acknowledgement within " + ACK_TIMEOUT.toSeconds() + " s";
    }
  }

  private void await(Duration pause) {
    synchronized (signal) {
      if (!woken && running) {
        try {
          signal.wait(pause.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
      woken = false;
    }
  }

  @Override
  public void close() {
    running = false;
    wake();
    try {
      thread.join(Duration.ofSeconds(70).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kafka.close();
  }
}
