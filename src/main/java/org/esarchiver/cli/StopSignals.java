package org.esarchiver.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.esarchiver.job.AbortSwitch;
import org.esarchiver.selection.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT during a command-line run: the run is aborted through its {@link AbortSwitch} (the index being
 * archived fails before its commit, its staging removed and its write block restored, {@code index.failed} stored),
 * and the process exits within {@code grace}: if the abort has not finished by then (a request stuck in a retry, say),
 * the process halts and the next run cleans up as after a crash. A second signal halts at once. The JVM's own
 * handlers are put back on {@link #close()}, so a run inside another program (the tests) leaves them as they were.
 */
final class StopSignals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
  private static final Map<String, Integer> EXIT_CODES = Map.of("TERM", ExitCode.SIGTERM, "INT", ExitCode.SIGINT);

  private final AbortSwitch abort;
  private final Duration grace;
  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
  private volatile String received;
  private volatile long deadline;
  private volatile Thread watchdog;

  private StopSignals(AbortSwitch abort, Duration grace) {
    this.abort = abort;
    this.grace = grace;
  }

  static StopSignals install(AbortSwitch abort, Duration grace) {
    StopSignals signals = new StopSignals(abort, grace);
    for (String name : EXIT_CODES.keySet()) {
      Signal signal = new Signal(name);
      signals.previous.put(signal, Signal.handle(signal, signals::handle));
    }
    return signals;
  }

  /** The exit code for the signal that stopped the run (143 SIGTERM, 130 SIGINT), if one did. */
  Optional<Integer> exitCode() {
    return Optional.ofNullable(received).map(EXIT_CODES::get);
  }

  /** {@code wanted}, or less after a signal: what is left of the grace period, less a second to close and exit. */
  Duration within(Duration wanted) {
    if (received == null) {
      return wanted;
    }
    Duration left = Duration.ofNanos(deadline - System.nanoTime()).minusSeconds(1);
    return left.isNegative() ? Duration.ZERO : left.compareTo(wanted) < 0 ? left : wanted;
  }

  private synchronized void handle(Signal signal) {
    int code = EXIT_CODES.get(signal.getName());
    if (received != null) {
      LOG.error("SIG{} again: exiting now; the next run cleans up what this one leaves", signal.getName());
      Runtime.getRuntime().halt(code);
    }
    received = signal.getName();
    deadline = System.nanoTime() + grace.toNanos();
    LOG.warn("SIG{}: aborting the run (nothing more is committed); exiting within {} (scheduler.shutdown_grace)",
        signal.getName(), Durations.format(grace));
    abort.abort("es-archiver received SIG" + signal.getName());
    Thread thread = new Thread(() -> haltAfterGrace(signal.getName(), code), "stop-watchdog");
    thread.setDaemon(true);
    thread.start();
    watchdog = thread;
  }

  private void haltAfterGrace(String signal, int code) {
    try {
      Thread.sleep(grace.toMillis());
    } catch (InterruptedException closed) {
      return;
    }
    LOG.error("SIG{}: the run did not end within {} (scheduler.shutdown_grace): exiting now; the next run removes "
        + "its staging directory and restores the write block", signal, Durations.format(grace));
    Runtime.getRuntime().halt(code);
  }

  @Override
  public synchronized void close() {
    previous.forEach(Signal::handle);
    Thread thread = watchdog;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
