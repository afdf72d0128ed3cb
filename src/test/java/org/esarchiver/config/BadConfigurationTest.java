package org.esarchiver.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration mistakes of issue 7's bad-input list that the other loading tests leave out: each is one line
 * naming the file and the key, with what was expected.
 */
class BadConfigurationTest {
  private static final String JOB = """
      indices: logs-*
      age: {date_pattern: yyyy.MM.dd, older_than: 3d}
      """;
  private static final String CONNECTIONS = """
      elasticsearch: {hosts: "http://127.0.0.1:9200"}
      hadoop: {default_fs: "file:///tmp/archive"}
      kafka: {bootstrap_servers: "127.0.0.1:9092"}
      """;

  private static final String CRON =
      "; expected a Quartz cron expression: seconds minutes hours day-of-month month day-of-week [year], such as"
          + " \"0 30 1 * * ?\"";

  @TempDir
  Path dir;

  @Test
  void scheduleWithAnInvalidCronTimeZoneOrMisfire() throws IOException {
    assertJobInvalid(JOB + "schedule: {cron: \"0 30 25 * * ?\"}\n",
        "schedule.cron: invalid cron expression \"0 30 25 * * ?\" (Hour values must be between 0 and 23)" + CRON);
    assertJobInvalid(JOB + "schedule: {cron: \"0 30 1 * *\"}\n",
        "schedule.cron: invalid cron expression \"0 30 1 * *\" (Unexpected end of expression.)" + CRON);
    assertJobInvalid(JOB + "schedule: {cron: \"0 30 1 * * ?\", time_zone: Europe/Atlantis}\n",
        "schedule.time_zone: expected a time zone ID such as UTC or Europe/Berlin, got \"Europe/Atlantis\"");
    assertJobInvalid(JOB + "schedule: {cron: \"0 30 1 * * ?\", misfire: later}\n",
        "schedule.misfire: expected one of run_once, skip, got \"later\"");
    assertJobInvalid(JOB + "schedule: \"0 30 1 * * ?\"\n",
        "schedule: expected a mapping with keys cron, time_zone, misfire, got \"0 30 1 * * ?\"");
  }

  @Test
  void jobValuesOfTheWrongType() throws IOException {
    assertJobInvalid("indices: {logs: true}\nage: {date_pattern: yyyy.MM.dd, older_than: 3d}\n",
        "indices: expected a list of index patterns such as [\"logs-*\"], got a mapping");
    assertJobInvalid(JOB + "keep_newest: -1\n", "keep_newest: expected an integer from 0 to 100000, got -1");
    assertJobInvalid(JOB + "keep_newest: two\n", "keep_newest: expected an integer from 0 to 100000, got \"two\"");
    assertJobInvalid(JOB + "include_closed: [true]\n", "include_closed: expected true or false, got a list");
    assertJobInvalid(JOB + "columns: {status: bigint}\n", "columns.status: \"bigint\" cannot be pinned;"
        + " expected one of binary, boolean, byte, date, date_nanos, double, flattened, float, geo_point, half_float,"
        + " integer, ip, keyword, long, scaled_float, short, text, unsigned_long, version");
    assertJobInvalid(JOB + "after_archive: drop\n",
        "after_archive: expected one of close, delete, none, read_only, got \"drop\"");
    assertJobInvalid("indices: logs-*\nage: 3d\n",
        "age: expected a mapping with keys source, date_pattern, field, time_zone, older_than, got \"3d\"");
  }

  @Test
  void archiverValuesOfTheWrongType() throws IOException {
    assertArchiverInvalid(CONNECTIONS + "scheduler: {threads: many}\n",
        "scheduler.threads: expected an integer from 1 to 64, got \"many\"");
    assertArchiverInvalid(CONNECTIONS + "scheduler: {threads: 0}\n",
        "scheduler.threads: expected an integer from 1 to 64, got 0");
    assertArchiverInvalid(CONNECTIONS + "scheduler: {shutdown_grace: [2m]}\n",
        "scheduler.shutdown_grace: expected a duration such as 2m, got a list");
    assertArchiverInvalid(CONNECTIONS + "state_dir: {path: /tmp}\n",
        "state_dir: expected a file system path, got a mapping");
    assertArchiverInvalid("elasticsearch: [http://127.0.0.1:9200]\nhadoop: {default_fs: \"file:///a\"}\n"
        + "kafka: {bootstrap_servers: \"k:9092\"}\n", "elasticsearch: expected a mapping with keys hosts, username, password,"
        + " api_key, ca_certificate, ca_fingerprint, request_timeout, retry_for, got a list");
    assertArchiverInvalid(CONNECTIONS.replace("\"127.0.0.1:9092\"", "9092"),
        "kafka.bootstrap_servers: expected host:port such as 127.0.0.1:9092, got 9092");
  }

  @Test
  void malformedYamlOfAJobNamesTheLine() throws IOException {
    assertJobInvalid("indices: [logs-*\nage: {}\n",
        "invalid YAML at line 2, column 4: expected ',' or ']', but got :");
    assertJobInvalid("indices: logs-*\n\tage: {}\n", "invalid YAML at line 2, column 1: found character"
        + " 'TAB' that cannot start any token. (Do not use TAB for indentation)");
    assertJobInvalid("indices: \"logs-*\nage: {}\n",
        "invalid YAML at line 3, column 1: found unexpected end of stream");
  }

  @Test
  void missingEnvironmentVariableInAJobAndInTheConnections() throws IOException {
    assertJobInvalid(JOB + "destination: /archive/${TEAM}/{date}\n",
        "destination: environment variable TEAM is not set (use ${TEAM:-default} for a default)");
    assertArchiverInvalid(CONNECTIONS + "database: {url: \"${DB_URL}\"}\n",
        "database.url: environment variable DB_URL is not set (use ${DB_URL:-default} for a default)");
  }

  private void assertJobInvalid(String yaml, String expectedAfterFile) throws IOException {
    Path file = Files.writeString(dir.resolve("logs.yaml"), yaml);
    assertThatThrownBy(() -> ConfigLoader.loadJob(dir, "logs", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": " + expectedAfterFile);
  }

  private void assertArchiverInvalid(String yaml, String expectedAfterFile) throws IOException {
    Path file = Files.writeString(dir.resolve("archiver.yaml"), yaml);
    assertThatThrownBy(() -> ConfigLoader.loadArchiverConfig(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": " + expectedAfterFile);
  }
}
