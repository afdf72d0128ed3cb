package org.esarchiver.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.esarchiver.state.StateDatabase;
import org.esarchiver.state.StateException;

/**
 * Audit events stored before they are sent, in the state database. A relay claims pending events for a lease (so two
 * processes do not send the same one at the same time), sends them, and marks them delivered once Kafka acknowledged
 * them. An event whose relay died is claimed again when its lease ends.
 */
public final class Outbox {
  /** An event waiting for delivery. */
  public record Pending(long seq, String eventId, String topic, String key, byte[] payload) {}

  private final StateDatabase database;
  private final Clock clock;

  public Outbox(StateDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** Stores the event; returns false if an event with its id is stored already (a recovered run announcing again). */
  public boolean store(String eventId, String topic, String key, byte[] payload) {
    try (Connection connection = database.connection();
        PreparedStatement sql = connection.prepareStatement("INSERT INTO esa_outbox (event_id, topic, message_key, "
            + "payload, created_at) VALUES (?, ?, ?, ?, ?)")) {
      sql.setString(1, eventId);
      sql.setString(2, topic);
      sql.setString(3, key);
      sql.setBytes(4, payload);
      sql.setLong(5, clock.millis());
      sql.executeUpdate();
      return true;
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return false;
      }
      throw new StateException("cannot store audit event " + eventId + " in " + database.description() + ": "
          + e.getMessage(), e);
    }
  }

  /** Claims up to {@code limit} pending events, oldest first, for {@code lease}; returns them. */
  public List<Pending> claim(String owner, int limit, Duration lease) {
    long now = clock.millis();
    long until = now + lease.toMillis();
    try (Connection connection = database.connection()) {
      try (PreparedStatement claim = connection.prepareStatement("UPDATE esa_outbox SET lease_owner = ?, "
          + "lease_until = ? WHERE seq IN (SELECT seq FROM esa_outbox WHERE delivered_at IS NULL AND "
          + "(lease_until IS NULL OR lease_until < ?) ORDER BY seq LIMIT ?) AND delivered_at IS NULL AND "
          + "(lease_until IS NULL OR lease_until < ?)")) {
        claim.setString(1, owner);
        claim.setLong(2, until);
        claim.setLong(3, now);
        claim.setInt(4, limit);
        claim.setLong(5, now);
        claim.executeUpdate();
      }
      try (PreparedStatement select = connection.prepareStatement("SELECT seq, event_id, topic, message_key, payload "
          + "FROM esa_outbox WHERE lease_owner = ? AND lease_until = ? AND delivered_at IS NULL ORDER BY seq")) {
        select.setString(1, owner);
        select.setLong(2, until);
        List<Pending> pending = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            pending.add(new Pending(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getBytes(5)));
          }
        }
        return pending;
      }
    } catch (SQLException e) {
      throw new StateException("cannot read the audit outbox in " + database.description() + ": " + e.getMessage(),
          e);
    }
  }

  public void delivered(long seq) {
    update("UPDATE esa_outbox SET delivered_at = ?, lease_owner = NULL, lease_until = NULL WHERE seq = ?",
        clock.millis(), seq);
  }

  /**
   * Removes the events Kafka acknowledged more than {@code age} ago (Kafka holds them; here they only grew the state
   * database of a scheduler that runs for months); returns how many. Undelivered events are never removed.
   */
  public int forgetDelivered(Duration age) {
    try (Connection connection = database.connection();
        PreparedStatement sql = connection.prepareStatement(
            "DELETE FROM esa_outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?")) {
      sql.setLong(1, clock.millis() - age.toMillis());
      return sql.executeUpdate();
    } catch (SQLException e) {
      throw new StateException("cannot update the audit outbox in " + database.description() + ": " + e.getMessage(),
          e);
    }
  }

  /** Gives the event back for a later attempt, keeping the reason. */
  public void failed(long seq, String error) {
    String reason = error == null ? "unknown error" : error.length() > 1900 ? error.substring(0, 1900) : error;
    update("UPDATE esa_outbox SET lease_owner = NULL, lease_until = NULL, attempts = attempts + 1, last_error = ? "
        + "WHERE seq = ?", reason, seq);
  }

  /** How many events wait for delivery. */
  public long pending() {
    try (Connection connection = database.connection();
        PreparedStatement sql = connection.prepareStatement(
            "SELECT COUNT(*) FROM esa_outbox WHERE delivered_at IS NULL");
        ResultSet rows = sql.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new StateException("cannot read the audit outbox in " + database.description() + ": " + e.getMessage(),
          e);
    }
  }

  /** Whether the event with this id was acknowledged by Kafka. */
  public boolean isDelivered(String eventId) {
    try (Connection connection = database.connection();
        PreparedStatement sql = connection.prepareStatement(
            "SELECT delivered_at FROM esa_outbox WHERE event_id = ?")) {
      sql.setString(1, eventId);
      try (ResultSet rows = sql.executeQuery()) {
        return rows.next() && rows.getObject(1) != null;
      }
    } catch (SQLException e) {
      throw new StateException("cannot read the audit outbox in " + database.description() + ": " + e.getMessage(),
          e);
    }
  }

  private void update(String statement, Object... args) {
    try (Connection connection = database.connection();
        PreparedStatement sql = connection.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        sql.setObject(i + 1, args[i]);
      }
      sql.executeUpdate();
    } catch (SQLException e) {
      throw new StateException("cannot update the audit outbox in " + database.description() + ": "
          + e.getMessage(), e);
    }
  }
}
