package org.esarchiver.config;

import java.util.Optional;

/**
 * The database that keeps the scheduler's jobs and triggers, the run history and the audit event outbox: an embedded
 * one under the state directory when {@code jdbcUrl} is empty, or a shared PostgreSQL database for a cluster.
 */
public record DatabaseConnection(Optional<String> jdbcUrl, Optional<String> username, Optional<Secret> password) {
  public boolean embedded() {
    return jdbcUrl.isEmpty();
  }

  /** Where the database is, for messages: the URL (which holds no password) or "embedded". */
  public String describe() {
    return jdbcUrl.orElse("the embedded database");
  }
}
