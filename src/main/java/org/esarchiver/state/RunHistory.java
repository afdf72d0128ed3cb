package org.esarchiver.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.esarchiver.job.IndexOutcome;

/**
 * Every run and every index of it, in the state database: what {@code history} shows, and the guard that lets one run
 * of a job start at a time across all processes and nodes that share the database.
 *
 * <p>A run started from the command line refreshes its heartbeat while it works; if it stops doing so for
 * {@link #ABANDONED_AFTER}, or its process on this host has ended (killed), the next run marks it abandoned and goes
 * ahead. A scheduled run
 * is never abandoned that way: its indices are Quartz jobs that another node recovers.
 */
public final class RunHistory {
  public static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);
  public static final Duration HEARTBEAT = Duration.ofSeconds(20);

  /** Where a run came from. */
  public enum Kind {
    CLI, SCHEDULED, MANUAL, BACKFILL;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Thrown when another run of the job is in progress. */
  public static final class Busy extends RuntimeException {
    public Busy(String message) {
      super(message);
    }
  }

  public record RunRecord(String runId, String job, String kind, String node, String window, Instant started,
      Optional<Instant> finished, String status, Optional<String> detail) {}

  public record IndexRecord(String runId, String index, Optional<String> node, String status, long documents,
      long bytes, int files, double seconds, Optional<String> path, Optional<String> detail) {}

  private final StateDatabase database;
  private final Clock clock;

  public RunHistory(StateDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * Registers a new run, unless another run of the job has not finished: then {@link Busy}. With a {@code fireKey}
   * (a scheduler fire), the run already registered for it is returned instead, so a recovered fire resumes its run.
   */
  public RunRecord begin(String runId, String job, Kind kind, String node, String window, Optional<String> fireKey) {
    return transaction(connection -> {
      lockJob(connection, job);
      if (fireKey.isPresent()) {
        Optional<RunRecord> existing = one(connection, "SELECT * FROM esa_runs WHERE fire_key = ?", fireKey.get());
        if (existing.isPresent()) {
          return existing.get();
        }
      }
      long now = clock.millis();
      for (RunRecord active : list(connection, "SELECT * FROM esa_runs WHERE job = ? AND finished_at IS NULL", job)) {
        long heartbeat = heartbeatOf(connection, active.runId());
        boolean silent = now - heartbeat > ABANDONED_AFTER.toMillis();
        boolean dead = StateDatabase.isEndedLocalProcess(active.node());
        if (active.kind().equals(Kind.CLI.label()) && (silent || dead)) {
          update(connection, "UPDATE esa_runs SET finished_at = ?, status = 'abandoned', detail = ? WHERE run_id = ?",
              now, dead ? "the process " + active.node() + " ended without finishing the run"
                  : "no sign of life from " + active.node() + " since " + Instant.ofEpochMilli(heartbeat),
              active.runId());
          update(connection, "UPDATE esa_run_indices SET status = 'abandoned', finished_at = ? WHERE run_id = ? "
              + "AND finished_at IS NULL", now, active.runId());
        } else {
          throw new Busy("another run of job " + job + " is in progress (run " + active.runId() + " on "
              + active.node() + ", started " + active.started() + "); nothing was done");
        }
      }
      update(connection, "INSERT INTO esa_runs (run_id, job, fire_key, kind, node, run_window, started_at, "
          + "heartbeat_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running')",
          runId, job, fireKey.orElse(null), kind.label(), node, window, now, now);
      return one(connection, "SELECT * FROM esa_runs WHERE run_id = ?", runId).orElseThrow();
    });
  }

  public void heartbeat(String runId) {
    transaction(c -> update(c, "UPDATE esa_runs SET heartbeat_at = ? WHERE run_id = ?", clock.millis(), runId));
  }

  /** Adds the indices a run will work on; the ones it already has are left as they are. */
  public void queue(String runId, List<String> indices) {
    transaction(connection -> {
      for (String index : indices) {
        boolean known;
        try (PreparedStatement sql = prepare(connection,
            "SELECT 1 FROM esa_run_indices WHERE run_id = ? AND index_name = ?", runId, index);
            ResultSet rows = sql.executeQuery()) {
          known = rows.next();
        }
        if (!known) {
          update(connection, "INSERT INTO esa_run_indices (run_id, index_name, status) VALUES (?, ?, 'queued')",
              runId, index);
        }
      }
      return null;
    });
  }

  public void indexStarted(String runId, String index, String node) {
    transaction(c -> update(c, "UPDATE esa_run_indices SET status = 'running', node = ?, started_at = ? "
        + "WHERE run_id = ? AND index_name = ?", node, clock.millis(), runId, index));
  }

  public void indexFinished(String runId, IndexOutcome outcome, String node) {
    transaction(c -> update(c, "UPDATE esa_run_indices SET status = ?, node = ?, documents = ?, bytes = ?, files = ?, "
        + "seconds = ?, path = ?, detail = ?, finished_at = ? WHERE run_id = ? AND index_name = ?",
        outcome.status().name().toLowerCase(java.util.Locale.ROOT), node, outcome.documents(), outcome.bytes(),
        outcome.files(), outcome.seconds(), outcome.path(), clip(outcome.problem().or(outcome::note).orElse(null)),
        clock.millis(), runId, outcome.index()));
  }

  /** The indices of the run that have not finished. */
  public List<String> unfinished(String runId) {
    return indices(runId).stream().filter(i -> i.status().equals("queued") || i.status().equals("running"))
        .map(IndexRecord::index).toList();
  }

  /**
   * Marks the run finished if none of its indices is still queued or running, and returns it then; empty when some
   * index is not done or the run was finished already. Exactly one caller finishes a run.
   */
  public Optional<RunRecord> finishIfDone(String runId) {
    return transaction(connection -> {
      int changed = update(connection, "UPDATE esa_runs SET finished_at = ?, status = CASE WHEN EXISTS (SELECT 1 FROM "
          + "esa_run_indices WHERE run_id = ? AND status = 'failed') THEN 'failed' ELSE 'ok' END WHERE run_id = ? "
          + "AND finished_at IS NULL AND NOT EXISTS (SELECT 1 FROM esa_run_indices WHERE run_id = ? "
          + "AND status IN ('queued', 'running'))", clock.millis(), runId, runId, runId);
      return changed == 1 ? one(connection, "SELECT * FROM esa_runs WHERE run_id = ?", runId) : Optional.empty();
    });
  }

  /** Ends a run whatever its indices say (a command-line run that stopped early, with the reason). */
  public void finish(String runId, String status, String detail) {
    transaction(c -> update(c, "UPDATE esa_runs SET finished_at = ?, status = ?, detail = ? WHERE run_id = ? "
        + "AND finished_at IS NULL", clock.millis(), status, clip(detail), runId));
  }

  public Optional<RunRecord> run(String runId) {
    return transaction(c -> one(c, "SELECT * FROM esa_runs WHERE run_id = ?", runId));
  }

  /** The newest runs first, of one job or of all. */
  public List<RunRecord> runs(Optional<String> job, int limit) {
    return transaction(connection -> {
      List<RunRecord> runs = job.isPresent()
          ? list(connection, "SELECT * FROM esa_runs WHERE job = ? ORDER BY started_at DESC, run_id DESC", job.get())
          : list(connection, "SELECT * FROM esa_runs ORDER BY started_at DESC, run_id DESC");
      return runs.subList(0, Math.min(limit, runs.size()));
    });
  }

  public List<IndexRecord> indices(String runId) {
    return transaction(connection -> {
      try (PreparedStatement sql = connection.prepareStatement(
          "SELECT * FROM esa_run_indices WHERE run_id = ? ORDER BY index_name")) {
        sql.setString(1, runId);
        List<IndexRecord> indices = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery()) {
          while (rows.next()) {
            indices.add(new IndexRecord(rows.getString("run_id"), rows.getString("index_name"),
                Optional.ofNullable(rows.getString("node")), rows.getString("status"), rows.getLong("documents"),
                rows.getLong("bytes"), rows.getInt("files"), rows.getDouble("seconds"),
                Optional.ofNullable(rows.getString("path")), Optional.ofNullable(rows.getString("detail"))));
          }
        }
        return indices;
      }
    });
  }

  private static String clip(String text) {
    return text == null || text.length() <= 3900 ? text : text.substring(0, 3900) + "...";
  }

  /** Locks the job's row for the transaction, so that runs of one job start one after the other. */
  private void lockJob(Connection connection, String job) throws SQLException {
    try (Connection autoCommit = database.connection()) {
      autoCommit.setAutoCommit(true);
      update(autoCommit, "INSERT INTO esa_jobs (job) VALUES (?)", job);
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) { // not "already there"
        throw e;
      }
    }
    try (PreparedStatement lock = prepare(connection, "SELECT job FROM esa_jobs WHERE job = ? FOR UPDATE", job)) {
      lock.executeQuery().close();
    }
  }

  private static long heartbeatOf(Connection connection, String runId) throws SQLException {
    try (PreparedStatement sql = connection.prepareStatement("SELECT heartbeat_at FROM esa_runs WHERE run_id = ?")) {
      sql.setString(1, runId);
      try (ResultSet rows = sql.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  private static Optional<RunRecord> one(Connection connection, String query, Object... args) throws SQLException {
    List<RunRecord> runs = list(connection, query, args);
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
  }

  private static List<RunRecord> list(Connection connection, String query, Object... args) throws SQLException {
    try (PreparedStatement sql = prepare(connection, query, args); ResultSet rows = sql.executeQuery()) {
      List<RunRecord> runs = new ArrayList<>();
      while (rows.next()) {
        long finished = rows.getLong("finished_at");
        runs.add(new RunRecord(rows.getString("run_id"), rows.getString("job"), rows.getString("kind"),
            rows.getString("node"), rows.getString("run_window"), Instant.ofEpochMilli(rows.getLong("started_at")),
            rows.wasNull() || finished == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished)),
            rows.getString("status"), Optional.ofNullable(rows.getString("detail"))));
      }
      return runs;
    }
  }

  private static int update(Connection connection, String statement, Object... args) throws SQLException {
    try (PreparedStatement sql = prepare(connection, statement, args)) {
      return sql.executeUpdate();
    }
  }

  private static PreparedStatement prepare(Connection connection, String statement, Object... args)
      throws SQLException {
    PreparedStatement sql = connection.prepareStatement(statement);
    for (int i = 0; i < args.length; i++) {
      sql.setObject(i + 1, args[i]);
    }
    return sql;
  }

  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs the work in a transaction; one that lost a deadlock or serialization conflict is run again (3 tries). */
  private <T> T transaction(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transactionOnce(work);
      } catch (StateException e) {
        boolean conflict = e.getCause() instanceof SQLException sql
            && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()));
        if (!conflict || attempt == 3) {
          throw e;
        }
      }
    }
  }

  private <T> T transactionOnce(Work<T> work) {
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StateException("run history in " + database.description() + ": " + e.getMessage(), e);
    }
  }
}
