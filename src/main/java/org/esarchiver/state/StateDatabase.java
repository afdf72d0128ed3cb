package org.esarchiver.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.esarchiver.config.DatabaseConnection;

/**
 * The database behind the scheduler's job store, the run history and the audit outbox: H2 in a file under the state
 * directory (several local processes share it through H2's automatic server mode), or a shared PostgreSQL database.
 * The tables (Quartz's and ours) are created on first use.
 */
public final class StateDatabase implements AutoCloseable {
  private static final String QUARTZ_TABLES = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";
  private static final String OWN_TABLES = "/db/es-archiver-tables.sql";
  /** Serializes table creation of nodes that start at the same time (PostgreSQL advisory lock key). */
  private static final long SCHEMA_LOCK = 0x65734172636869L;

  private final HikariDataSource dataSource;
  private final String description;
  private final boolean embedded;

  private StateDatabase(HikariDataSource dataSource, String description, boolean embedded) {
    this.dataSource = dataSource;
    this.description = description;
    this.embedded = embedded;
  }

  public static StateDatabase open(DatabaseConnection connection, Path stateDir) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("es-archiver-state");
    hikari.setMaximumPoolSize(12);
    hikari.setMinimumIdle(1);
    hikari.setConnectionTimeout(15_000);
    hikari.setInitializationFailTimeout(-1);
    String description;
    if (connection.embedded()) {
      Path dir = stateDir.toAbsolutePath().resolve("db");
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new StateException("cannot create the state directory " + dir + ": " + e.getMessage(), e);
      }
      // PostgreSQL mode: one set of DDL and one Quartz delegate for both databases.
      hikari.setJdbcUrl("jdbc:h2:file:" + dir.resolve("es-archiver") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
          + ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=30000");
      description = "the embedded database in " + dir;
    } else {
      hikari.setJdbcUrl(connection.jdbcUrl().orElseThrow());
      connection.username().ifPresent(hikari::setUsername);
      connection.password().ifPresent(p -> hikari.setPassword(p.value()));
      description = "database " + connection.describe();
    }
    HikariDataSource dataSource = new HikariDataSource(hikari);
    StateDatabase database = new StateDatabase(dataSource, description, connection.embedded());
    try {
      database.createTables();
      return database;
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public boolean embedded() {
    return embedded;
  }

  public String description() {
    return description;
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /** This process's name in history and events: host name and process id. */
  public static String localNode() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
  }

  /** Whether {@code node} (as {@link #localNode} names one) is a process of this host that has ended. */
  static boolean isEndedLocalProcess(String node) {
    int colon = node.lastIndexOf(':');
    if (colon < 0 || !node.substring(0, colon).equals(localNode().substring(0, localNode().lastIndexOf(':')))) {
      return false;
    }
    try {
      return ProcessHandle.of(Long.parseLong(node.substring(colon + 1))).map(p -> !p.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Creates the tables unless they exist. The check comes first because even CREATE ... IF NOT EXISTS takes table
   * locks on PostgreSQL, which deadlock with running scheduler nodes.
   */
  private void createTables() {
    if (tablesExist()) {
      return;
    }
    List<String> statements = new ArrayList<>();
    for (String statement : statements(QUARTZ_TABLES)) {
      String upper = statement.toUpperCase(Locale.ROOT);
      if (upper.startsWith("DROP ") || upper.equals("COMMIT")) {
        continue;
      }
      statements.add(statement.replaceFirst("(?i)^CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ")
          .replaceFirst("(?i)^CREATE INDEX ", "CREATE INDEX IF NOT EXISTS "));
    }
    statements.addAll(statements(OWN_TABLES));
    try (Connection connection = connection(); Statement sql = connection.createStatement()) {
      connection.setAutoCommit(false);
      if (!embedded) {
        sql.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
      }
      for (String statement : statements) {
        sql.execute(statement);
      }
      connection.commit();
    } catch (SQLException e) {
      throw new StateException("cannot open " + description + ": " + e.getMessage(), e);
    }
  }

  /** The last table of the script exists: the script ran, in one transaction. */
  private boolean tablesExist() {
    try (Connection connection = connection(); Statement sql = connection.createStatement()) {
      sql.executeQuery("SELECT 1 FROM esa_run_indices WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static List<String> statements(String resource) {
    try (InputStream in = StateDatabase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      StringBuilder text = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.strip().startsWith("--")) {
          text.append(line).append('\n');
        }
      }
      List<String> statements = new ArrayList<>();
      for (String statement : text.toString().split(";")) {
        if (!statement.isBlank()) {
          statements.add(statement.strip().replaceAll("\\s+", " "));
        }
      }
      return statements;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
